import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    func phaseTransitions() async throws {
        let key = try await create("flow").key
        let start = clock.now()
        clock.advance(by: .seconds(5))
        let investigating = try await store.update(key, SessionUpdate(phase: .investigating))
        clock.advance(by: .seconds(5))
        let approval = try await store.update(key, SessionUpdate(phase: .approval, isResumeReady: true))
        #expect(approval.phase == .approval && approval.isResumeReady)
        #expect(
            approval.phaseHistory == [
                PhaseTransition(from: .initializing, to: .investigating, at: start.advanced(by: .seconds(5))),
                PhaseTransition(from: .investigating, to: .approval, at: start.advanced(by: .seconds(10))),
            ]
        )
        #expect(approval.updatedAt == clock.now())
        #expect(approval.version == investigating.version + 1)
        let same = try await store.update(key, SessionUpdate(phase: .approval))
        #expect(same.phaseHistory.count == 2, "staying in a phase adds no history")
        let unknown = await expectError(.invalidArgument) {
            try await store.update(key, SessionUpdate(phase: "napping"))
        }
        #expect(unknown?.field == "phase")
        #expect(unknown?.message.contains("napping") == true)
        #expect(try await store.session(key) == same, "a refused update changes nothing")
        await expectError(.notFound) { try await store.update(SessionKey("ghost"), SessionUpdate(phase: .planning)) }

        let done = try await store.update(key, SessionUpdate(phase: .completed))
        #expect(done.isFinalized && done.outcome == .completed, "entering a final phase finalizes")
        await expectError(.finalized) { try await store.update(key, SessionUpdate(phase: .executing)) }
        #expect(try await store.session(key)?.phase == .completed)
        let annotated = try await store.update(key, SessionUpdate(metadata: ["reviewed": true]))
        #expect(annotated.metadata["reviewed"] == true, "metadata can still be annotated after finalization")
    }

    func metadataMerge() async throws {
        let key = try await store.create(NewSession(id: "meta", metadata: ["a": 1, "b": "two", "c": [1, 2]])).key
        let merged = try await store.update(
            key,
            SessionUpdate(metadata: ["b": nil, "c": ["nested": true], "d": 4.25, "e": 10])
        )
        #expect(merged.metadata == ["a": 1, "c": ["nested": true], "d": 4.25, "e": 10])
        let reread = try #require(try await store.session(key))
        #expect(reread.metadata["e"] == .int(10))
        #expect(reread.metadata["d"] == .double(4.25))
        #expect(reread.metadata["c"] == .object(["nested": .bool(true)]))
        let big = try await store.update(
            key,
            SessionUpdate(metadata: ["max": .int(Int64.max), "min": .int(Int64.min)])
        )
        #expect(big.metadata["max"] == .int(Int64.max) && big.metadata["min"] == .int(Int64.min))
        #expect(try await store.session(key)?.metadata["max"] == .int(Int64.max))
    }

    func stateScopes() async throws {
        let first = try await store.create(
            NewSession(id: "s1", userID: "ana", state: ["own": 1, "app:theme": "dark", "user:lang": "pt", "temp:x": 9])
        )
        #expect(first.state == ["own": 1, "app:theme": "dark", "user:lang": "pt"], "temp: keys are never stored")
        let sibling = try await store.create(NewSession(id: "s2", userID: "ana"))
        #expect(sibling.state == ["app:theme": "dark", "user:lang": "pt"], "app: and user: scopes are shared")
        let stranger = try await store.create(NewSession(id: "s3", userID: "bo"))
        #expect(stranger.state == ["app:theme": "dark"], "user: keys stay with their user")
        let foreign = try await store.create(NewSession(id: "s4", app: "other", userID: "ana"))
        #expect(foreign.state.isEmpty, "scopes stay within their app")

        try await store.update(
            SessionKey("s3"),
            SessionUpdate(state: ["app:theme": "light", "user:lang": "en", "temp:scratch": true, "mine": 3])
        )
        #expect(
            try await store.session(SessionKey("s1"))?.state == ["own": 1, "app:theme": "light", "user:lang": "pt"]
        )
        #expect(
            try await store.session(SessionKey("s3"))?.state == ["app:theme": "light", "user:lang": "en", "mine": 3]
        )
        try await store.update(SessionKey("s2"), SessionUpdate(state: ["user:lang": nil, "own": nil]))
        #expect(try await store.session(SessionKey("s1"))?.state == ["own": 1, "app:theme": "light"])

        try await store.create(
            NewSession(id: "s5", userID: "ana", state: ["app:theme": nil, "user:x": nil, "gone": nil])
        )
        #expect(try await store.session(SessionKey("s5"))?.state == ["app:theme": "light"], "a create never removes")
        await expectError(.invalidArgument, "a failed update changes no scope") {
            try await store.update(SessionKey("s1"), SessionUpdate(phase: "napping", state: ["app:theme": "red"]))
        }
        await expectError(.versionConflict) {
            try await store.update(SessionKey("s1"), SessionUpdate(state: ["app:theme": "blue"]), expectedVersion: 0)
        }
        #expect(try await store.session(SessionKey("s2"))?.state["app:theme"] == "light")
        let anonymous = await expectError(.invalidArgument, "user: keys need a user") {
            try await store.create(NewSession(id: "anon", state: ["user:secret": 1]))
        }
        #expect(anonymous?.field == "state")
        try await store.create(NewSession(id: "anon"))
        await expectError(.invalidArgument, "user: keys need a user") {
            try await store.update(SessionKey("anon"), SessionUpdate(state: ["user:secret": 1]))
        }
        #expect(try await store.session(SessionKey("anon"))?.state == ["app:theme": "light"])
        #expect(
            try await store.list(SessionQuery(userID: "ana")).sessions.allSatisfy { $0.state["app:theme"] == "light" }
        )
    }

    func versionConflicts() async throws {
        let key = try await create("versioned").key
        let v1 = try #require(try await store.session(key)).version
        let v2 = try await store.update(key, SessionUpdate(metadata: ["step": 1]), expectedVersion: v1).version
        #expect(v2 > v1)
        let stale = await expectError(.versionConflict) {
            try await store.update(key, SessionUpdate(metadata: ["step": 2]), expectedVersion: v1)
        }
        #expect(stale?.message.contains("versioned") == true)
        #expect(try await store.session(key)?.metadata == ["step": 1], "a stale write stores nothing")
        try await store.append([message(0)], to: key)
        let v3 = try #require(try await store.session(key)).version
        #expect(v3 > v2, "appending is a write")
        await expectError(.versionConflict) { try await store.finalize(key, outcome: .completed, expectedVersion: v2) }
        #expect(try await store.session(key)?.isFinalized == false)
        let finalized = try await store.finalize(key, outcome: .completed, expectedVersion: v3)
        #expect(finalized.version > v3)
    }

    func errorsAndFinalize() async throws {
        let key = try await create("work").key
        try await store.recordError(key, message: "timeout calling tool")
        let twice = try await store.recordError(key, message: "rate limited")
        #expect(twice.errorCount == 2 && twice.lastError == "rate limited")
        clock.advance(by: .seconds(90))
        let done = try await store.finalize(key, outcome: .failed, summary: "gave up after retries")
        #expect(done.phase == .failed && done.outcome == .failed)
        #expect(done.summary == "gave up after retries")
        #expect(done.finalizedAt == clock.now())
        #expect(done.duration == .seconds(90))
        #expect(done.phaseHistory.last?.to == .failed)
        #expect(!done.isResumeReady)
        await expectError(.finalized, "finalizing twice") { try await store.finalize(key, outcome: .completed) }
        await expectError(.finalized) { try await store.update(key, SessionUpdate(isResumeReady: true)) }
        await expectError(.finalized) { try await store.update(key, SessionUpdate(recordsResume: true)) }
        #expect(try await store.session(key) == done)
        let closing = try await create("closing").key
        let closed = try await store.update(closing, SessionUpdate(phase: .completed, isResumeReady: true))
        #expect(closed.isFinalized && !closed.isResumeReady, "finalizing clears resume-ready")
        let text = try await create("text").key
        let unicode = try await store.update(text, SessionUpdate(error: "tool «grep» failed ✗\nline 2"))
        #expect(try await store.session(text)?.lastError == unicode.lastError)
        #expect(unicode.lastError == "tool «grep» failed ✗\nline 2")
        let nul = await expectError(.invalidArgument) { try await store.recordError(text, message: "before\u{0}after") }
        #expect(nul?.field == "error")
        await expectError(.invalidArgument) { try await store.finalize(text, outcome: .completed, summary: "a\u{0}b") }
        let summarized = try await store.finalize(text, outcome: .completed, summary: "résumé: ✓")
        #expect(try await store.session(text)?.summary == summarized.summary)
        let other = try await create("other").key
        await expectError(.invalidArgument, "not a final phase") { try await store.finalize(other, outcome: .planning) }
        await expectError(.invalidArgument, "unknown outcome") { try await store.finalize(other, outcome: "victory") }
        await expectError(.invalidArgument, "phase and finalization together") {
            try await store.update(other, SessionUpdate(phase: .planning, finalization: .init(outcome: .completed)))
        }
        #expect(try await store.session(other)?.isFinalized == false)
        await expectError(.notFound) { try await store.finalize(SessionKey("ghost"), outcome: .completed) }
    }

    func customLifecycle() async throws {
        let app = SessionStoreConformance.customApp
        let session = try await store.create(NewSession(id: "doc", app: app))
        #expect(session.phase == "drafting")
        await expectError(.invalidArgument, "standard phases are unknown here") {
            try await store.update(session.key, SessionUpdate(phase: .planning))
        }
        try await store.update(session.key, SessionUpdate(phase: "waiting", isResumeReady: true))
        #expect(try await store.resumeDecision(for: session.key, policy: ResumePolicy()).shouldResume)
        await expectError(.invalidArgument) { try await store.finalize(session.key, outcome: .completed) }
        let done = try await store.finalize(session.key, outcome: "dropped")
        #expect(done.outcome == "dropped" && done.isFinalized)
        await expectError(.invalidArgument, "the default app does not know custom phases") {
            try await store.create(NewSession(id: "doc", phase: "drafting"))
        }
    }

    func resumeDecisions() async throws {
        let policy = ResumePolicy()
        func reason(_ id: SessionID, _ policy: ResumePolicy = ResumePolicy()) async throws -> ResumeDecision.Reason {
            try await store.resumeDecision(for: SessionKey(id), policy: policy).reason
        }
        #expect(try await reason("ghost") == .notFound)

        let key = try await create("r").key
        #expect(try await reason("r") == .notResumeReady)
        try await store.update(key, SessionUpdate(phase: .executing, isResumeReady: true))
        #expect(try await reason("r") == .phaseNotResumable)
        try await store.update(key, SessionUpdate(phase: .approval))
        #expect(try await reason("r") == .resumable)
        #expect(try await store.resumeDecision(for: key, policy: policy).shouldResume)
        #expect(try await reason("r", ResumePolicy(resumablePhases: [.executing])) == .phaseNotResumable)

        clock.advance(by: .seconds(29 * 60 + 59))
        #expect(try await reason("r") == .resumable, "idle just under 30 minutes")
        clock.advance(by: .seconds(1))
        #expect(try await reason("r") == .idleTooLong, "idle 30 minutes")
        #expect(try await reason("r", ResumePolicy(maximumIdle: .seconds(3600))) == .resumable)

        try await store.recordError(key, message: "e1")
        try await store.recordError(key, message: "e2")
        #expect(try await reason("r") == .resumable, "activity resets idleness; 2 errors are fine")
        try await store.recordError(key, message: "e3")
        #expect(try await reason("r") == .tooManyErrors)
        clock.advance(by: .seconds(3600))
        #expect(try await reason("r") == .tooManyErrors, "errors are checked before idleness")
        #expect(try await reason("r", ResumePolicy(maximumErrors: 5)) == .idleTooLong)

        try await store.update(key, SessionUpdate(isResumeReady: false))
        #expect(try await reason("r") == .notResumeReady, "resume-ready is checked before the errors")
        try await store.finalize(key, outcome: .abandoned)
        #expect(try await reason("r") == .finalized)
    }
}

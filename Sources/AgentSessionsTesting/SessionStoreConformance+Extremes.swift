import AgentSessions
import Testing

// Every numeric parameter of the protocol at its extremes (the largest and smallest values of
// its type, 0 and -1): each gives the documented answer or an invalid argument, never a trap.
extension SessionStoreConformance.Context {
    func itemQueryExtremes() async throws {
        let key = try await create("extremes").key
        try await store.append(messages(0..<3), to: key)
        func read(_ query: ItemQuery) async throws -> [Int64] { try await store.items(of: key, query).map(\.sequence) }
        for after: Int64 in [.max, .max - 1, 3] {
            #expect(try await read(ItemQuery(after: after)).isEmpty, "after \(after)")
            #expect(try await read(ItemQuery(limit: .max, after: after)).isEmpty, "after \(after), limit Int.max")
            #expect(try await read(ItemQuery(limit: 0, after: after)).isEmpty, "after \(after), limit 0")
        }
        #expect(try await read(ItemQuery(after: 0)) == [1, 2, 3])
        #expect(try await read(ItemQuery(limit: .max, after: 0)) == [1, 2, 3])
        #expect(try await read(ItemQuery(limit: .max, after: 2)) == [3])
        #expect(try await read(.last(.max)) == [1, 2, 3])
        #expect(try await read(.last(Int(Int64.max - 1))) == [1, 2, 3])
        #expect(try await read(.last(0)).isEmpty)
        for after: Int64 in [.min, .min + 1, -1] {
            await expectError(.invalidArgument, "after \(after)") { try await read(ItemQuery(after: after)) }
            await expectError(.invalidArgument) { try await read(ItemQuery(limit: .max, after: after)) }
        }
        for limit: Int in [.min, .min + 1, -1] {
            await expectError(.invalidArgument, "limit \(limit)") { try await read(.last(limit)) }
            await expectError(.invalidArgument) { try await read(ItemQuery(limit: limit, after: .max)) }
        }
        #expect(try await store.append([message(3)], to: key) == [4], "the session is unharmed")
    }

    func forkListAndVersionExtremes() async throws {
        let source = try await create("source")
        try await store.append(messages(0..<2), to: source.key)
        for through in [Int64.max, .min, -1, 3] {
            await expectError(.invalidArgument, "through \(through)") {
                try await store.fork(source.key, through: through, as: "bad-fork")
            }
        }
        #expect(try await store.session(SessionKey("bad-fork")) == nil, "a refused fork creates nothing")
        let empty = try await store.fork(source.key, through: 0, as: "empty-fork")
        #expect(try await store.items(of: empty.key, .all).isEmpty)

        #expect(try await store.list(SessionQuery(limit: .max)).sessions.count == 2)
        #expect(try await store.list(SessionQuery(limit: 0)).sessions.isEmpty)
        for limit in [Int.min, -1] {
            await expectError(.invalidArgument, "limit \(limit)") { try await store.list(SessionQuery(limit: limit)) }
        }

        let before = try #require(try await store.session(source.key))
        for version in [Int64.max, .min, 0, -1] {
            await expectError(.versionConflict, "expected version \(version)") {
                try await store.update(source.key, SessionUpdate(metadata: ["x": 1]), expectedVersion: version)
            }
        }
        #expect(try await store.session(source.key) == before, "refused updates change nothing")
    }

    func resumePolicyExtremes() async throws {
        let key = try await create("resuming").key
        try await store.update(key, SessionUpdate(phase: .approval, isResumeReady: true))
        clock.advance(by: .seconds(1))
        func reason(errors: Int = 3, idle: Duration = .seconds(3600)) async throws -> ResumeDecision.Reason {
            try await store.resumeDecision(for: key, policy: ResumePolicy(maximumIdle: idle, maximumErrors: errors))
                .reason
        }
        let longest = Duration(secondsComponent: .max, attosecondsComponent: 999_999_999_999_999_999)
        for idle in [longest, .seconds(Int64.max)] { #expect(try await reason(idle: idle) == .resumable) }
        #expect(try await reason(errors: .max) == .resumable)
        for errors in [Int.min, -1, 0] {
            #expect(try await reason(errors: errors) == .tooManyErrors, "at most \(errors) errors: 0 is too many")
        }
        let shortest = Duration(secondsComponent: .min, attosecondsComponent: 0)
        for idle in [shortest, .seconds(-1), .zero] {
            #expect(try await reason(idle: idle) == .idleTooLong, "idle one second is longer than \(idle)")
        }
    }

    func cleanupExtremes() async throws {
        try await create("idle")
        clock.advance(by: .seconds(1))
        let longest = Duration(secondsComponent: .max, attosecondsComponent: 999_999_999_999_999_999)
        for age in [longest, .seconds(Int64.max), .seconds(Int64.max / 2)] {
            #expect(try await store.deleteSessions(idleLongerThan: age, app: nil) == 0, "age \(age)")
        }
        let shortest = Duration(secondsComponent: .min, attosecondsComponent: 0)
        for age in [shortest, .seconds(Int64.min + 1), .seconds(-1), .zero - .nanoseconds(1)] {
            await expectError(.invalidArgument, "age \(age)") { try await store.deleteSessions(idleLongerThan: age) }
        }
        #expect(try await store.session(SessionKey("idle")) != nil, "refused clean-ups delete nothing")
        #expect(try await store.deleteSessions(idleLongerThan: .zero) == 1, "idle one second is older than 0")
    }

    func dateExtremes() async throws {
        let far = [Timestamp(microsecondsSinceEpoch: .max), Timestamp(microsecondsSinceEpoch: .min)]
        for expiry in far {
            await expectError(.invalidArgument, "expires_at \(expiry.microsecondsSinceEpoch)") {
                try await store.create(NewSession(id: "far", expiresAt: expiry))
            }
        }
        #expect(try await store.session(SessionKey("far")) == nil)
        let key = try await create("dated").key
        let before = try #require(try await store.session(key))
        for expiry in far {
            let error = await expectError(.invalidArgument) {
                try await store.update(key, SessionUpdate(expiresAt: expiry))
            }
            #expect(error?.field == "expires_at")
        }
        #expect(try await store.session(key) == before)

        let latest = try #require(Timestamp(iso8601: "9999-12-31T23:59:59.999999Z"))
        let earliest = try #require(Timestamp(iso8601: "0001-01-01T00:00:00Z"))
        let lasting = try await store.create(NewSession(id: "lasting", expiresAt: latest))
        #expect(try await store.session(lasting.key)?.expiresAt == latest)
        for (id, expiry) in [("epoch", Timestamp(microsecondsSinceEpoch: 0)), ("before-epoch", earliest)] {
            #expect(try await store.create(NewSession(id: SessionID(id), expiresAt: expiry)).expiresAt == expiry)
        }
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(Int64.max)) == 2, "the two expired ones")
        #expect(try await store.session(lasting.key) != nil)
    }

    func restoreCountExtremes() async throws {
        let limit = Session.largestCount
        let base = ExportSamples.session("counted")
        var cases: [(String, Session)] = []
        func refused(_ field: String, _ change: (inout Session) -> Void) {
            var session = base
            change(&session)
            cases.append((field, session))
        }
        for value in [Int64.max, limit + 1, .min, -1] { refused("last_sequence") { $0.lastSequence = value } }
        for value in [Int64.max, limit + 1, .min, 0, -1] { refused("version") { $0.version = value } }
        for value in [Int.max, Int(limit) + 1, .min, -1] {
            refused("error_count") { $0.errorCount = value }
            refused("resume_count") { $0.resumeCount = value }
        }
        let far = [Timestamp(microsecondsSinceEpoch: .max), Timestamp(microsecondsSinceEpoch: .min)]
        for time in far {
            refused("expires_at") { $0.expiresAt = time }
            refused("created_at") { $0.createdAt = time }
            refused("updated_at") { $0.updatedAt = time }
            refused("finalized_at") { $0.finalizedAt = time }
            refused("history") { $0.phaseHistory[0].at = time }
        }
        for (field, session) in cases {
            let error = await expectError(.invalidArgument, "\(field)") { try await store.restore(session) }
            #expect(error?.field == field)
        }
        #expect(try await store.session(base.key) == nil, "nothing refused was stored")

        var highest = base
        (highest.lastSequence, highest.version, highest.errorCount, highest.resumeCount) = (limit, limit, Int(limit), 0)
        (highest.phase, highest.outcome, highest.finalizedAt, highest.phaseHistory) = (.planning, nil, nil, [])
        #expect(try await store.restore(highest) == highest, "the largest counts are kept")
        let item = SessionItem(sequence: limit, createdAt: base.createdAt, content: JSONDocument(["n": 1]))
        #expect(try await store.restore([item], to: highest.key) == 1)
        #expect(try await store.items(of: highest.key, ItemQuery(after: limit - 1)) == [item])
        #expect(try await store.append([message(0)], to: highest.key) == [limit + 1], "appending goes on")
        #expect(try await store.recordError(highest.key, message: "again").errorCount == Int(limit) + 1)
        for sequence in [Int64.max, .min, 0, -1] {
            let bad = SessionItem(sequence: sequence, createdAt: base.createdAt, content: JSONDocument(["n": 2]))
            await expectError(.invalidArgument, "item sequence \(sequence)") {
                try await store.restore([bad], to: highest.key)
            }
        }
        let fresh = try await store.restore(ExportSamples.session("fresh-items"))
        for time in far {
            let bad = SessionItem(sequence: 1, createdAt: time, content: JSONDocument(["n": 3]))
            await expectError(.invalidArgument, "item time \(time.microsecondsSinceEpoch)") {
                try await store.restore([bad], to: fresh.key)
            }
        }
    }
}

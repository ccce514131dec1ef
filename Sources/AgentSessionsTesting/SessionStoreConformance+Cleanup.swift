import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    func cleanupBoundaries() async throws {
        try await create("oldest")
        try await store.append(messages(0..<5), to: SessionKey("oldest"))
        clock.advance(by: .seconds(3600))
        try await create("boundary")
        clock.advance(by: .microseconds(1))
        try await create("young")
        try await store.create(NewSession(id: "young-child", parentID: "oldest"))
        try await store.create(NewSession(id: "expiring", expiresAt: clock.now().advanced(by: .seconds(10))))
        try await store.create(
            NewSession(id: "expires-later", expiresAt: clock.now().advanced(by: .seconds(48 * 3600)))
        )
        clock.advance(by: .seconds(24 * 3600) - .microseconds(1))

        // Now "boundary" is exactly 24 h idle (not longer), "oldest" is 25 h idle, "expiring" has expired.
        await expectError(.invalidArgument) { try await store.deleteSessions(idleLongerThan: .seconds(-1)) }
        let deleted = try await store.deleteSessions(idleLongerThan: .seconds(24 * 3600))
        #expect(deleted == 2)
        let left = try await store.listAll(SessionQuery()).map(\.id.rawValue).sorted()
        #expect(left == ["boundary", "expires-later", "young", "young-child"])
        #expect(
            try await store.session(SessionKey("young-child"))?.parentID == "oldest",
            "younger children are untouched"
        )
        #expect(try await store.statistics(app: nil).itemCount == 0, "the items of deleted sessions are gone")
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(24 * 3600)) == 0)
        clock.advance(by: .microseconds(1))
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(24 * 3600)) == 1, "now boundary is older")
    }

    func cleanupByApp() async throws {
        try await create("a1", app: "alpha")
        try await create("b1", app: "beta")
        try await store.create(NewSession(id: "b2", app: "beta", expiresAt: clock.now().advanced(by: .seconds(1))))
        clock.advance(by: .seconds(7200))
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(3600), app: "alpha") == 1)
        #expect(try await store.session(SessionKey("a1", app: "alpha")) == nil)
        #expect(try await store.listAll(SessionQuery(app: "beta")).count == 2, "other apps are untouched")
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(3 * 3600), app: "beta") == 1, "expired only")
        #expect(try await store.listAll(SessionQuery(app: "beta")).map(\.id) == ["b1"])
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(3600), app: nil) == 1)

        try await create("later", app: "alpha")
        try await store.update(
            SessionKey("later", app: "alpha"),
            SessionUpdate(expiresAt: clock.now().advanced(by: .seconds(60)))
        )
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(3600), app: "alpha") == 0)
        clock.advance(by: .seconds(60))
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(3600), app: "alpha") == 1, "expired by update")
    }

    func ephemeralChildren() async throws {
        let root = try await store.create(NewSession(id: "game-master", userID: "ana"))
        struct TaskFailed: Error {}
        let results = await withTaskGroup(of: Result<SessionID, any Error>.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    do {
                        let id = try await store.withEphemeralChild(of: root.key, name: "npc") { child in
                            #expect(child.kind == .ephemeral && child.parentID == root.id && child.userID == "ana")
                            _ = try await store.append([message(index)], to: child.key)
                            if index % 3 == 0 { throw TaskFailed() }
                            return child.id
                        }
                        return .success(id)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: [Result<SessionID, any Error>]()) { $0.append($1) }
        }
        let succeeded = results.compactMap { try? $0.get() }
        let unexpected = results.compactMap { result -> String? in
            guard case .failure(let error) = result, !(error is TaskFailed) else { return nil }
            return String(describing: error)
        }
        #expect(unexpected.isEmpty, "\(unexpected.count) calls failed, first: \(unexpected.first ?? "")")
        #expect(succeeded.count == 666)
        #expect(Set(succeeded).count == 666, "child ids never collide")
        let failures = results.filter { if case .failure(let error) = $0 { error is TaskFailed } else { false } }
        #expect(failures.count == 334, "the body's error reaches the caller")
        #expect(try await store.listAll(SessionQuery(parentID: root.id)).isEmpty, "no child is left behind")
        #expect(try await store.statistics(app: nil).sessionCount == 1)
        await expectError(.notFound) {
            try await store.withEphemeralChild(of: SessionKey("ghost"), name: "x") { _ in 1 }
        }
    }

    func ephemeralChildOnCancellation() async throws {
        let root = try await create("root")
        let (started, startedContinuation) = AsyncStream<SessionID>.makeStream()
        let task = Task {
            try await store.withEphemeralChild(of: root.key, name: "slow") { child in
                startedContinuation.yield(child.id)
                try await Task.sleep(for: .seconds(60))
            }
        }
        var iterator = started.makeAsyncIterator()
        let childID = try #require(await iterator.next())
        #expect(try await store.session(SessionKey(childID)) != nil, "the child exists while its work runs")
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await store.session(SessionKey(childID)) == nil, "cancelled work leaves no child behind")
    }

    func statistics() async throws {
        let empty = try await store.statistics(app: nil)
        #expect(empty.sessionCount == 0 && empty.resumeRate == 0 && empty.medianDuration == nil)
        for (index, seconds) in [10, 20, 30, 40].enumerated() {
            let key = try await create(SessionID("done-\(index)")).key
            clock.advance(by: .seconds(seconds))
            try await store.finalize(key, outcome: index == 3 ? .failed : .completed)
        }
        let resumed = try await create("resumed").key
        try await store.update(resumed, SessionUpdate(phase: .approval, recordsResume: true))
        let failing = try await create("failing").key
        try await store.recordError(failing, message: "boom")
        try await store.append([NewItem(try JSONDocument(validating: #"{"a":"12345"}"#))], to: failing)
        try await store.append([NewItem(try JSONDocument(validating: #"{"b":1}"#))], to: resumed)
        try await store.create(NewSession(id: "elsewhere", app: "other"))

        let stats = try await store.statistics(app: SessionKey.defaultApp)
        #expect(stats.sessionCount == 6)
        #expect(stats.activeCount == 2)
        #expect(stats.countsByPhase == [.completed: 3, .failed: 1, .approval: 1, .initializing: 1])
        #expect(stats.countsByOutcome == [.completed: 3, .failed: 1])
        #expect(stats.resumedCount == 1 && stats.erroredCount == 1)
        #expect(abs(stats.resumeRate - 1.0 / 6.0) < 1e-9)
        #expect(abs(stats.errorRate - 1.0 / 6.0) < 1e-9)
        #expect(stats.medianDuration == .seconds(20))
        #expect(stats.p95Duration == .seconds(40))
        #expect(stats.itemCount == 2)
        #expect(stats.itemBytes == 13 + 7)
        #expect(try await store.statistics(app: nil).sessionCount == 7)
        #expect(try await store.statistics(app: "other").countsByPhase == [.initializing: 1])
    }
}

import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    func createAndGet() async throws {
        let created = try await store.create(
            NewSession(
                id: "s-1",
                userID: "ana",
                agentName: "terraform-architect",
                isResumeReady: true,
                state: ["step": 1],
                metadata: ["task_id": "T001", "ratio": 0.5, "flag": true, "gone": nil]
            )
        )
        #expect(created.id == "s-1")
        #expect(created.app == SessionKey.defaultApp)
        #expect(created.userID == "ana")
        #expect(created.agentName == "terraform-architect")
        #expect(created.kind == .persistent)
        #expect(created.phase == .initializing)
        #expect(created.isResumeReady)
        #expect(created.version == 1)
        #expect(created.createdAt == clock.now())
        #expect(created.updatedAt == clock.now())
        #expect(created.metadata == ["task_id": "T001", "ratio": 0.5, "flag": true])
        #expect(created.state == ["step": 1])
        #expect(created.phaseHistory.isEmpty)
        #expect(created.finalizedAt == nil && created.outcome == nil && created.errorCount == 0)
        let read = try #require(try await store.session(created.key))
        #expect(read == created)
        #expect(read.metadata["flag"] == .bool(true), "booleans stay booleans")
        #expect(read.metadata["ratio"] == .double(0.5))
        #expect(read.state["step"] == .int(1), "1 stays an integer")
        #expect(try await store.session(SessionKey("missing")) == nil)
    }

    func createGeneratesUniqueIDs() async throws {
        var ids = Set<SessionID>()
        for _ in 0..<50 {
            let session = try await store.create(NewSession(agentName: "reviewer"))
            ids.insert(session.id)
            #expect(session.id.rawValue.hasPrefix("reviewer-"))
            _ = try SessionID(session.id.rawValue)
        }
        #expect(ids.count == 50)
    }

    func createRejectsTakenID() async throws {
        try await store.create(NewSession(id: "taken", metadata: ["first": true]))
        await expectError(.alreadyExists) {
            try await store.create(NewSession(id: "taken", metadata: ["second": true]))
        }
        let session = try #require(try await store.session(SessionKey("taken")))
        #expect(session.metadata == ["first": true], "the failed create changed nothing")
    }

    func concurrentCreatesOfOneID() async throws {
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    do {
                        try await store.create(NewSession(id: "contested", metadata: ["writer": .int(Int64(index))]))
                        return true
                    } catch {
                        #expect((error as? SessionStoreError)?.code == .alreadyExists)
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count { $0 } == 1)
        #expect(try await store.listAll(SessionQuery()).count == 1)
    }

    func createRejectsMissingParent() async throws {
        let error = await expectError(.notFound) {
            try await store.create(NewSession(id: "orphan", parentID: "no-such-parent"))
        }
        #expect(error?.field == "parent_id")
        #expect(try await store.session(SessionKey("orphan")) == nil)
        try await create("parent")
        try await store.create(NewSession(id: "child", parentID: "parent"))
        #expect(try await store.session(SessionKey("child"))?.parentID == "parent")
        await expectError(.notFound, "a parent in another app does not count") {
            try await store.create(NewSession(id: "child", app: "other", parentID: "parent"))
        }
        let selfParent = await expectError(.invalidArgument, "a session cannot be its own parent") {
            try await store.create(NewSession(id: "loop", parentID: "loop"))
        }
        #expect(selfParent?.field == "parent_id")
        #expect(try await store.session(SessionKey("loop")) == nil)
    }

    func createRejectsBadInput() async throws {
        await expectError(.invalidArgument) { try await store.create(NewSession(id: "ok", app: "bad app")) }
        await expectError(.invalidArgument) { try await store.create(NewSession(id: "ok", app: "")) }
        await expectError(.invalidArgument) { try await store.create(NewSession(id: "ok", userID: "ana/../x")) }
        await expectError(.invalidArgument) { try await store.create(NewSession(id: "ok", agentName: " padded")) }
        let phase = await expectError(.invalidArgument) {
            try await store.create(NewSession(id: "ok", phase: "dreaming"))
        }
        #expect(phase?.field == "phase")
        await expectError(.invalidArgument, "cannot start finalized") {
            try await store.create(NewSession(id: "ok", phase: .completed))
        }
        #expect(try await store.listAll(SessionQuery()).isEmpty, "nothing was stored")
    }

    func getOrCreate() async throws {
        let first = try await store.getOrCreate(NewSession(id: "goc", metadata: ["n": 1]))
        #expect(first.created)
        let second = try await store.getOrCreate(NewSession(id: "goc", metadata: ["n": 2]))
        #expect(!second.created)
        #expect(second.session == first.session, "the existing session is returned unchanged")
        let racers = try await withThrowingTaskGroup(of: (Session, Bool).self) { group in
            for index in 0..<20 {
                group.addTask {
                    let result = try await store.getOrCreate(
                        NewSession(id: "raced", metadata: ["racer": .int(Int64(index))])
                    )
                    return (result.session, result.created)
                }
            }
            return try await group.reduce(into: [(Session, Bool)]()) { $0.append($1) }
        }
        #expect(racers.count { $0.1 } == 1, "exactly one concurrent call creates")
        let winner = try #require(racers.first { $0.1 }?.0)
        #expect(racers.allSatisfy { $0.0 == winner }, "every caller gets the one session")
        let generated = try await store.getOrCreate(NewSession())
        #expect(generated.created)
    }

    func appsAreIsolated() async throws {
        try await store.create(NewSession(id: "shared-id", app: "alpha", metadata: ["app": "alpha"]))
        try await store.create(NewSession(id: "shared-id", app: "beta", metadata: ["app": "beta"]))
        try await store.append([message(0)], to: SessionKey("shared-id", app: "alpha"))
        #expect(try await store.session(SessionKey("shared-id", app: "beta"))?.metadata["app"] == "beta")
        #expect(try await store.items(of: SessionKey("shared-id", app: "beta"), .all).isEmpty)
        #expect(try await store.list(SessionQuery(app: "alpha")).sessions.map(\.app) == ["alpha"])
        try await store.delete(SessionKey("shared-id", app: "alpha"))
        #expect(try await store.session(SessionKey("shared-id", app: "beta")) != nil)
        #expect(try await store.session(SessionKey("shared-id")) == nil, "the default app has none")
    }

    func deleteRemovesItemsAndChildren() async throws {
        try await create("root")
        try await store.create(NewSession(id: "child", parentID: "root"))
        try await store.create(NewSession(id: "grandchild", parentID: "child"))
        try await create("bystander")
        try await store.append(messages(0..<3), to: SessionKey("grandchild"))
        try await store.append(messages(0..<2), to: SessionKey("bystander"))
        let deleted = try await store.delete(SessionKey("root"))
        #expect(deleted == 3)
        for id: SessionID in ["root", "child", "grandchild"] {
            #expect(try await store.session(SessionKey(id)) == nil)
        }
        await expectError(.notFound) { try await store.items(of: SessionKey("grandchild"), .all) }
        #expect(try await store.items(of: SessionKey("bystander"), .all).count == 2)
        await expectError(.notFound) { try await store.delete(SessionKey("root")) }
        #expect(try await store.statistics(app: nil).itemCount == 2, "the deleted items are gone")
    }
}

import AgentSessions
import AgentSessionsAgents
import AgentSessionsSQLite
import AgentSessionsTesting
import Logging
import Testing

/// One live instance per (agent, session): reuse, eviction, rebuilding from the store.
struct AgentRuntimeTests {
    @Test func aConversationContinuesAndIsStoredAsItems() async throws {
        let fixture = RuntimeFixture()
        let key = SessionKey("talk-1")
        let first = try await fixture.runtime.chat("My name is John", in: key, userID: "john")
        let second = try await fixture.runtime.chat("What is my name?", in: key)
        #expect(first.createdSession)
        #expect(first.loadedHistory)
        #expect(first.conversationLength == 2)
        #expect(!second.createdSession)
        #expect(!second.loadedHistory)
        #expect(second.conversationLength == 4)
        #expect(second.text.contains("I remember 2 earlier messages"))
        #expect(second.text.contains("it began with \"My name is John\""))
        let items = try await fixture.store.items(of: key, .all)
        #expect(items.compactMap(ChatMessage.init(item:)).map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(ChatMessage(item: items[2]) == ChatMessage(.user, "What is my name?"))
        let session = try await fixture.store.requireSession(key)
        #expect(session.agentName == "assistant")
        #expect(session.userID == "john")
        #expect(await fixture.runtime.liveInstanceCount == 1)
    }

    @Test func theLeastRecentlyUsedIdleInstanceIsEvictedOverCapacity() async throws {
        let fixture = RuntimeFixture(capacity: 2)
        for id in ["a", "b", "c"] {
            _ = try await fixture.runtime.chat("hello from \(id)", in: SessionKey(SessionID(id)))
        }
        #expect(await fixture.runtime.liveInstanceCount == 2)
        #expect(await !fixture.runtime.isLive(agent: "assistant", session: SessionKey("a")))
        #expect(await fixture.runtime.isLive(agent: "assistant", session: SessionKey("c")))
        #expect(try fixture.liveGauge() == 2)
        let rebuilt = try await fixture.runtime.chat("again", in: SessionKey("a"))
        #expect(rebuilt.loadedHistory)
        #expect(rebuilt.conversationLength == 4)
        #expect(rebuilt.text.contains("it began with \"hello from a\""))
        #expect(await !fixture.runtime.isLive(agent: "assistant", session: SessionKey("b")))
    }

    @Test func anInstanceIdleForTheTimeoutIsEvictedAndRebuilt() async throws {
        let fixture = RuntimeFixture(idleTimeout: .seconds(60))
        let key = SessionKey("idle")
        _ = try await fixture.runtime.chat("first", in: key)
        fixture.clock.advance(by: .seconds(59))
        #expect(await fixture.runtime.evictIdleInstances() == 0)
        fixture.clock.advance(by: .seconds(1))
        #expect(await fixture.runtime.evictIdleInstances() == 1)
        #expect(await fixture.runtime.liveInstanceCount == 0)
        #expect(try fixture.liveGauge() == 0)
        let reply = try await fixture.runtime.chat("second", in: key)
        #expect(reply.loadedHistory)
        #expect(reply.conversationLength == 4)
        #expect(reply.text.contains("it began with \"first\""))
    }

    @Test func anInstanceServingARequestIsNeverEvicted() async throws {
        let gate = GatedProvider()
        let fixture = RuntimeFixture(capacity: 1, idleTimeout: .seconds(60), providers: [.offline: gate])
        let runtime = fixture.runtime
        async let held = runtime.chat("held", in: SessionKey("busy"))
        await gate.waitForReplies(1)
        fixture.clock.advance(by: .seconds(600))
        #expect(await runtime.evictIdleInstances() == 0)
        #expect(await runtime.isLive(agent: "assistant", session: SessionKey("busy")))
        gate.open()
        #expect(try await held.conversationLength == 2)
        fixture.clock.advance(by: .seconds(60))
        #expect(await runtime.evictIdleInstances() == 1)
        #expect(await runtime.liveInstanceCount == 0)
    }

    @Test func overCapacityWhileServingEvictsOnlyIdleInstances() async throws {
        let gate = GatedProvider()
        let fixture = RuntimeFixture(capacity: 1, providers: [.offline: gate])
        let runtime = fixture.runtime
        async let first = runtime.chat("one", in: SessionKey("one"))
        await gate.waitForReplies(1)
        async let second = runtime.chat("two", in: SessionKey("two"))
        await gate.waitForReplies(2)
        #expect(await runtime.liveInstanceCount == 2)
        #expect(try fixture.liveGauge() == 2)
        gate.open()
        _ = try await (first, second)
        #expect(await runtime.evictIdleInstances() == 1)
        #expect(await runtime.liveInstanceCount == 1)
    }

    @Test func anotherWritersChangeIsReadBeforeTheNextTurn() async throws {
        let fixture = RuntimeFixture()
        let key = SessionKey("shared")
        _ = try await fixture.runtime.chat("mine", in: key)
        try await fixture.store.append([ChatMessage(.user, "written elsewhere").item], to: key)
        let reply = try await fixture.runtime.chat("and now?", in: key)
        #expect(reply.loadedHistory)
        #expect(reply.conversationLength == 5)
        #expect(reply.text.contains("I remember 3 earlier messages"))
        _ = try await fixture.store.clearItems(of: key)
        let cleared = try await fixture.runtime.chat("fresh", in: key)
        #expect(cleared.loadedHistory)
        #expect(cleared.conversationLength == 2)
    }

    @Test func anAgentWithoutMemoryKeepsNothing() async throws {
        let fixture = RuntimeFixture(catalog: try offlineCatalog([("stateless", .none)]))
        let key = SessionKey("nothing")
        _ = try await fixture.runtime.chat("My name is John", in: key)
        let reply = try await fixture.runtime.chat("What is my name?", in: key)
        #expect(reply.conversationLength == 0)
        #expect(reply.memory == .none)
        #expect(reply.text.contains("I remember no earlier messages"))
        #expect(try await fixture.store.session(key) == nil)
        #expect(await fixture.runtime.liveInstanceCount == 0)
    }

    @Test func memoryAgentsKeepConversationsOutOfTheServersStore() async throws {
        let server = InMemorySessionStore()
        let memory = InMemorySessionStore()
        let runtime = AgentRuntime(
            catalog: try offlineCatalog([("scratch", .memory)]),
            stores: AgentStores(server: server, memory: memory)
        )
        _ = try await runtime.chat("one", in: SessionKey("m"))
        let reply = try await runtime.chat("two", in: SessionKey("m"))
        #expect(reply.conversationLength == 4)
        #expect(reply.memory == .memory)
        #expect(try await server.session(SessionKey("m")) == nil)
        #expect(try await memory.items(of: SessionKey("m"), .all).count == 4)
    }

    @Test func theAgentComesFromTheRequestTheSessionOrTheDefault() async throws {
        let fixture = RuntimeFixture(catalog: try offlineCatalog([("first", .sqlite), ("second", .sqlite)]))
        try await fixture.store.create(NewSession(id: "owned", agentName: "second"))
        #expect(try await fixture.runtime.chat("hi", in: SessionKey("owned")).agent == "second")
        #expect(try await fixture.runtime.chat("hi", in: SessionKey("fresh")).agent == "first")
        #expect(try await fixture.runtime.chat("hi", in: SessionKey("fresh"), agent: "second").agent == "second")
        #expect(await fixture.runtime.liveInstanceCount == 3)
        let error = try await #require(throws: AgentRuntimeError.self) {
            try await fixture.runtime.chat("hi", in: SessionKey("fresh"), agent: "third")
        }
        #expect(error.code == .unknownAgent)
        #expect(error.message.contains("known agents are first, second"))
    }

    @Test func aSessionOfAnUnknownAgentIsRefusedAndStoresNothing() async throws {
        let fixture = RuntimeFixture(catalog: try offlineCatalog([("first", .sqlite), ("second", .sqlite)]))
        try await fixture.store.create(NewSession(id: "orphan", agentName: "demo"))
        let error = try await #require(throws: AgentRuntimeError.self) {
            try await fixture.runtime.chat("hi", in: SessionKey("orphan"))
        }
        #expect(error.code == .unknownAgent)
        #expect(error.field == "agent")
        #expect(error.message.contains("session 'orphan' was created for agent 'demo'"), "\(error.message)")
        #expect(error.message.contains("fallback_agent"))
        #expect(try await fixture.store.items(of: SessionKey("orphan"), .all).isEmpty)
        #expect(await fixture.runtime.liveInstanceCount == 0)
        // Naming an agent the server runs still works for that session.
        let named = try await fixture.runtime.chat("hi", in: SessionKey("orphan"), agent: "second")
        #expect(named.agent == "second")
        #expect(!named.answeredByFallback)
    }

    @Test func aFallbackAgentAnswersSessionsOfUnknownAgentsAndSaysSo() async throws {
        let catalog = try AgentCatalog(
            [AgentDefinition(name: "first"), AgentDefinition(name: "helper")],
            fallbackAgentName: "helper"
        )
        let fixture = RuntimeFixture(catalog: catalog)
        try await fixture.store.create(NewSession(id: "orphan", agentName: "demo"))
        try await fixture.store.create(NewSession(id: "plain"))
        let reply = try await fixture.runtime.chat("hi", in: SessionKey("orphan"))
        #expect(reply.agent == "helper")
        #expect(reply.answeredByFallback)
        let plain = try await fixture.runtime.chat("hi", in: SessionKey("plain"))
        #expect(plain.agent == "first", "a session without an agent gets the default, not the fallback")
        #expect(!plain.answeredByFallback)
        #expect(try await fixture.store.items(of: SessionKey("orphan"), .all).count == 2)
    }

    @Test func emptyMessagesAndFinalizedSessionsAreRefused() async throws {
        let fixture = RuntimeFixture()
        await #expect(throws: AgentRuntimeError(.emptyMessage, "", field: "message")) {
            try await fixture.runtime.chat("", in: SessionKey("x"))
        }
        try await fixture.store.create(NewSession(id: "done"))
        try await fixture.store.finalize(SessionKey("done"), outcome: .completed)
        await #expect(throws: SessionStoreError(.finalized, "")) {
            try await fixture.runtime.chat("hello?", in: SessionKey("done"))
        }
        #expect(try await fixture.store.items(of: SessionKey("done"), .all).isEmpty)
    }

    @Test func aFailingModelStoresNothing() async throws {
        struct Unreachable: ModelProvider {
            func reply(to request: ModelRequest, logger: Logger) async throws -> String {
                throw ModelProviderError(.unreachable, "down")
            }
        }
        let fixture = RuntimeFixture(providers: [.offline: Unreachable()])
        await #expect(throws: ModelProviderError(.unreachable, "")) {
            try await fixture.runtime.chat("hello", in: SessionKey("r"))
        }
        #expect(try await fixture.store.session(SessionKey("r")) == nil)
    }

    @Test func aRestartRebuildsTheConversationFromTheSQLiteFile() async throws {
        try await TemporaryDirectory.with { folder in
            let path = folder + "/sessions.sqlite"
            let key = SessionKey("durable")
            do {
                let store = try SQLiteSessionStore(configuration: .init(location: .file(path)))
                let runtime = AgentRuntime(catalog: .demo, stores: AgentStores(server: store))
                _ = try await runtime.chat("My name is John", in: key)
                _ = try await runtime.chat("I live in Lisbon", in: key)
            }
            let reopened = try SQLiteSessionStore(configuration: .init(location: .file(path)))
            let runtime = AgentRuntime(catalog: .demo, stores: AgentStores(server: reopened))
            let reply = try await runtime.chat("What is my name?", in: key)
            #expect(reply.loadedHistory)
            #expect(!reply.createdSession)
            #expect(reply.conversationLength == 6)
            #expect(reply.text.contains("I remember 4 earlier messages"))
            #expect(reply.text.contains("it began with \"My name is John\""))
        }
    }

    @Test func theServiceEvictsIdleInstancesOnItsTimer() async throws {
        let fixture = RuntimeFixture(idleTimeout: .seconds(5))
        _ = try await fixture.runtime.chat("hello", in: SessionKey("timer"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await fixture.runtime.run() }
            await fixture.clock.waitForSleepers(1)
            fixture.clock.advance(by: .seconds(10))
            await fixture.clock.waitForSleepers(1)
            #expect(await fixture.runtime.liveInstanceCount == 0)
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}

import AgentSessions
import AgentSessionsClient
import AgentSessionsTesting
import HTTPTestSupport
import Testing

/// `HTTPSessionStore.chat(_:in:)` against a real server with its offline demo agent.
@Suite struct HTTPSessionStoreChatTests {
    @Test func aConversationStartsByTalkingAndContinues() async throws {
        try await LoopbackServer.with { servers in
            let store = try HTTPSessionStore(
                configuration: .init(
                    baseURL: try await servers.start(over: InMemorySessionStore()),
                    timeout: patientTimeout
                )
            )
            let key = SessionKey("talk-1", app: "shop")
            let first = try await store.chat("My name is John", in: key, userID: "john")
            #expect(first.session == key)
            #expect(first.agent == "assistant" && !first.answeredByFallback)
            #expect(first.createdSession && first.conversationLength == 2)
            #expect(first.memory == "sqlite" && first.sessionManaged)
            #expect(first.liveAgents == 1)
            let second = try await store.chat("What is my name?", in: key)
            #expect(!second.createdSession && second.conversationLength == 4)
            #expect(second.response.contains("it began with \"My name is John\""), "\(second.response)")
            let session = try #require(try await store.session(key))
            #expect(session.userID == "john" && session.agentName == "assistant")
            #expect(
                try await store.items(of: key, .all).first?.content.object() == [
                    "role": "user", "content": "My name is John",
                ]
            )
        }
    }

    @Test func anUnknownAgentOrBadMessageIsAnInvalidArgumentNamingTheField() async throws {
        try await LoopbackServer.with { servers in
            let store = try HTTPSessionStore(
                configuration: .init(
                    baseURL: try await servers.start(over: InMemorySessionStore()),
                    timeout: patientTimeout
                )
            )
            do {
                _ = try await store.chat("hello", in: SessionKey("t"), agent: "nobody")
                Issue.record("an unknown agent chatted")
            } catch let error as SessionStoreError {
                #expect(error.code == .invalidArgument && error.field == "agent", "\(error)")
            }
            #expect(try await store.session(SessionKey("t")) == nil, "a refused turn creates nothing")
        }
    }

    @Test func aTurnWhoseAnswerIsLostIsAnsweredFromTheRecord() async throws {
        try await LoopbackServer.with { servers in
            let url = try await servers.start(over: InMemorySessionStore())
            let direct = try HTTPSessionStore(configuration: .init(baseURL: url, timeout: patientTimeout))
            let upstream = try #require(Int(url.split(separator: ":").last ?? ""))
            try await ScriptedServer.with({ connection, index in
                try await ScriptedServer.forward(connection, to: upstream, dropsAnswer: { _ in index == 0 })
            }) { port in
                let store = try HTTPSessionStore(
                    configuration: .init(baseURL: "http://127.0.0.1:\(port)", timeout: patientTimeout)
                )
                let answer = try await store.chat("hello", in: SessionKey("once"))
                #expect(answer.conversationLength == 2 && answer.createdSession)
                #expect(try await direct.items(of: SessionKey("once"), .all).count == 2, "the turn was taken once")
            }
        }
    }
}

import AgentSessions
import AgentSessionsAgents
import AgentSessionsIdempotency
import AgentSessionsSQLite
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// `POST /v1/chat/{id}`: conversations through the router, with the server's default agent.
struct ChatControllerTests {
    @Test func aConversationStartsByTalkingAndContinues() async throws {
        let api = TestAPI()
        try await api.test { api in
            let first = try await api.send(.post, "/v1/chat/talk-1", #"{"message":"My name is John","user_id":"john"}"#)
            #expect(first.status == .ok)
            let status = try #require(first.object["status"]?.objectValue)
            #expect(status["session_id"] == "talk-1")
            #expect(status["agent"] == "assistant")
            #expect(status["fallback_agent"] == false)
            #expect(status["conversation_length"] == 2)
            #expect(status["created"] == true)
            #expect(status["session_managed"] == true)
            #expect(status["memory"] == "sqlite")
            #expect(status["live_agents"] == 1)
            let second = try await api.send(.post, "/v1/chat/talk-1", #"{"message":"What is my name?"}"#)
            #expect(second.object["status"]?.objectValue?["conversation_length"] == 4)
            #expect(second.object["status"]?.objectValue?["created"] == false)
            let response = try #require(second.object["response"]?.stringValue)
            #expect(response.contains("it began with \"My name is John\""))
            let session = try await api.send(.get, "/v1/sessions/talk-1")
            #expect(session.object["agent"] == "assistant")
            #expect(session.object["user_id"] == "john")
            let items = try await api.send(.get, "/v1/sessions/talk-1/items")
            guard case .array(let entries)? = items.object["items"] else {
                Issue.record("items answered \(items.text)")
                return
            }
            let contents = entries.compactMap { $0.objectValue?["content"] }
            #expect(contents.first == ["role": "user", "content": "My name is John"])
            #expect(contents.count == 4)
        }
    }

    @Test func aSummarizerCompactsOnRequestAndRepliesCarryUsage() async throws {
        let agents = try AgentCatalog([
            AgentDefinition(name: "assistant", summarizer: SummarizerSettings(model: ModelSettings(), everyTurns: 100)),
            AgentDefinition(name: "plain"),
        ])
        try await TestAPI(agents: agents).test { api in
            let turn = try await api.send(.post, "/v1/chat/talk-2", #"{"message":"My name is Ada"}"#)
            let status = try #require(turn.object["status"]?.objectValue)
            #expect(status["compaction"] == .null, "not due after one turn")
            let usage = try #require(status["usage"]?.objectValue)
            #expect(usage["output_tokens"]?.intValue ?? 0 > 0 && usage["cached_tokens"] == 0)

            let compacted = try await api.send(.post, "/v1/chat/talk-2/compact", "{}")
            #expect(compacted.status == .created, "\(compacted.text)")
            #expect(compacted.object["last_seq"] == 2 && compacted.object["first_seq"] == 1)
            #expect(compacted.object["author"] == ["kind": "summarizer", "agent": "assistant", "model": "offline"])
            let view = try await api.send(.get, "/v1/sessions/talk-2/context")
            let first = try #require(view.object["items"]?.arrayValue?.first?.objectValue)
            #expect(first["type"] == "summary")
            #expect(first["content"]?.objectValue?["content"]?.stringValue?.contains("My name is Ada") == true)

            let again = try await api.send(.post, "/v1/chat/talk-2/compact", "{}")
            #expect(again.status == .conflict, "nothing new to compact: \(again.text)")
            let plain = try await api.send(.post, "/v1/chat/talk-2/compact", #"{"agent":"plain"}"#)
            #expect(plain.status == .conflict)
            #expect(plain.object["error"]?.objectValue?["code"] == "no_summarizer")
            let missing = try await api.send(.post, "/v1/chat/nobody/compact", "{}")
            #expect(missing.status == .notFound)
            let metrics = try await api.send(.get, "/metrics").text
            let output = metrics.split(separator: "\n").filter {
                $0.hasPrefix("agent_sessions_model_tokens_total{") && $0.contains(#"type="output""#)
            }
            #expect(output.count == 1, "\(metrics)")
            #expect(
                output.first?.contains(#"app="default""#) == true
                    && output.first?.contains(#"agent="assistant""#) == true
            )
        }
    }

    @Test func liveAgentsAreAMetricOfTheServer() async throws {
        try await TestAPI().test { api in
            _ = try await api.send(.post, "/v1/chat/m1", #"{"message":"hello"}"#)
            _ = try await api.send(.post, "/v1/chat/m2", #"{"message":"hello"}"#)
            let text = try await api.send(.get, "/metrics").text
            #expect(text.contains("agent_sessions_live_agents 2"), "\(text)")
        }
    }

    @Test func malformedRequestsAreRefused() async throws {
        try await TestAPI().test { api in
            let missing = try await api.send(.post, "/v1/chat/c1", "{}")
            #expect(missing.status == .unprocessableContent)
            #expect(missing.object["error"]?.objectValue?["field"] == "message")
            let empty = try await api.send(.post, "/v1/chat/c1", #"{"message":""}"#)
            #expect(empty.errorCode == "empty_message")
            let unknownAgent = try await api.send(.post, "/v1/chat/c1", #"{"message":"hi","agent":"nobody"}"#)
            #expect(unknownAgent.status == .unprocessableContent)
            #expect(unknownAgent.errorCode == "unknown_agent")
            let typo = try await api.send(.post, "/v1/chat/c1", #"{"mesage":"hi"}"#)
            #expect(typo.status == .unprocessableContent)
            let malformed = try await api.send(.post, "/v1/chat/c1", "{")
            #expect(malformed.status == .badRequest)
            let badID = try await api.send(.post, "/v1/chat/..", #"{"message":"hi"}"#)
            #expect(badID.status == .unprocessableContent)
            #expect(try await api.send(.get, "/v1/sessions/c1").status == .notFound)
        }
    }

    @Test func aSessionOfAnAgentTheServerDoesNotRunIsRefused() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"d1","agent":"demo"}"#)
            let refused = try await api.send(.post, "/v1/chat/d1", #"{"message":"hi"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCode == "unknown_agent")
            #expect(refused.object["error"]?.objectValue?["field"] == "agent")
            #expect(refused.text.contains("created for agent 'demo'"), "\(refused.text)")
            let items = try await api.send(.get, "/v1/sessions/d1/items")
            #expect(items.object["items"]?.arrayCount == 0, "a refused turn stores nothing")
        }
    }

    @Test func aFallbackAgentAnswersAndTheAnswerSaysSo() async throws {
        let catalog = try AgentCatalog([AgentDefinition(name: "assistant")], fallbackAgentName: "assistant")
        try await TestAPI(agents: catalog).test { api in
            _ = try await api.createSession(#"{"id":"d1","agent":"demo"}"#)
            let answered = try await api.send(.post, "/v1/chat/d1", #"{"message":"hi"}"#)
            #expect(answered.status == .ok)
            let status = try #require(answered.object["status"]?.objectValue)
            #expect(status["agent"] == "assistant")
            #expect(status["fallback_agent"] == true)
        }
    }

    @Test func aSessionsTokensUseItsAgentsContextWindow() async throws {
        let catalog = try AgentCatalog([
            AgentDefinition(name: "assistant", model: ModelSettings(contextWindow: 4_000)),
            AgentDefinition(name: "plain"),
        ])
        try await TestAPI(agents: catalog).test { api in
            let answered = try await api.send(.post, "/v1/chat/w1", #"{"message":"hi"}"#)
            let status = try #require(answered.object["status"]?.objectValue)
            #expect(status["context_window"] == 4_000 && status["context_share"] != nil)
            let tokens = try await api.send(.get, "/v1/sessions/w1/tokens")
            #expect(tokens.object["context_window"] == 4_000, "the agent's configured window: \(tokens.text)")
            #expect(tokens.object["context_tokens"] == status["context_tokens"])
            let asked = try await api.send(.get, "/v1/sessions/w1/tokens?context_window=100")
            #expect(asked.object["context_window"] == 100, "the request's window comes first")
            _ = try await api.send(.post, "/v1/chat/w2", #"{"message":"hi","agent":"plain"}"#)
            let plain = try await api.send(.get, "/v1/sessions/w2/tokens")
            #expect(plain.object["context_window"] == nil && plain.object["context_share"] == nil)
        }
    }

    @Test func aRetriedTurnIsAnsweredOnceWithAnIdempotencyKey() async throws {
        try await TestAPI().test { api in
            let headers: HTTPFields = [.idempotencyKey: "turn-1"]
            let first = try await api.send(.post, "/v1/chat/retry", #"{"message":"hi"}"#, headers: headers)
            let again = try await api.send(.post, "/v1/chat/retry", #"{"message":"hi"}"#, headers: headers)
            #expect(again.text == first.text)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let other = try await api.send(.post, "/v1/chat/retry", #"{"message":"other"}"#, headers: headers)
            #expect(other.status == .unprocessableContent)
            #expect(try await api.send(.get, "/v1/sessions/retry/items").object["items"]?.arrayCount == 2)
        }
    }

    @Test func eachKeyTalksInItsOwnApp() async throws {
        var keys = APIKeyRing()
        try keys.add(key: "chat-key-alpha-0123456789", app: "alpha")
        try keys.add(key: "chat-key-beta-0123456789", app: "beta")
        try await TestAPI(configuration: ServerConfiguration(apiKeys: keys)).test { api in
            let alpha: HTTPFields = [.authorization: "Bearer chat-key-alpha-0123456789"]
            let beta: HTTPFields = [.apiKey: "chat-key-beta-0123456789"]
            _ = try await api.send(.post, "/v1/chat/same", #"{"message":"alpha speaking"}"#, headers: alpha)
            let seenByBeta = try await api.send(.post, "/v1/chat/same", #"{"message":"beta here"}"#, headers: beta)
            #expect(seenByBeta.object["status"]?.objectValue?["conversation_length"] == 2)
            #expect(seenByBeta.object["status"]?.objectValue?["app"] == "beta")
            let anonymous = try await api.send(.post, "/v1/chat/same", #"{"message":"who?"}"#)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func aFinalizedSessionIsAConflict() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"closed"}"#)
            _ = try await api.send(.post, "/v1/sessions/closed/finalize", #"{"outcome":"completed"}"#)
            let answer = try await api.send(.post, "/v1/chat/closed", #"{"message":"hello?"}"#)
            #expect(answer.status == .conflict)
            #expect(answer.errorCode == "finalized")
        }
    }

    @Test func anUnreachableModelIsABadGatewayThatNamesNoAddress() async throws {
        let store = InMemorySessionStore()
        let remote = AgentDefinition(
            name: "remote",
            model: ModelSettings(
                provider: .openAICompatible,
                name: "m",
                baseURL: "http://127.0.0.1:9/v1",
                timeout: .milliseconds(500)
            )
        )
        try await TestAPI(store: store, agents: try AgentCatalog([remote])).test { api in
            let answer = try await api.send(.post, "/v1/chat/r1", #"{"message":"hello"}"#)
            #expect(answer.status == .badGateway)
            #expect(answer.errorCode == "model_unreachable")
            #expect(!answer.text.contains("127.0.0.1"))
            #expect(try await api.send(.get, "/v1/sessions/r1").status == .notFound)
        }
    }

    @Test func anAgentWithoutMemoryStoresNothing() async throws {
        let store = InMemorySessionStore()
        let catalog = try AgentCatalog([AgentDefinition(name: "oneshot", sessionMemory: SessionMemory(kind: .none))])
        try await TestAPI(store: store, agents: catalog).test { api in
            let answer = try await api.send(.post, "/v1/chat/once", #"{"message":"hello"}"#)
            #expect(answer.object["status"]?.objectValue?["session_managed"] == false)
            #expect(answer.object["status"]?.objectValue?["conversation_length"] == 0)
            #expect(try await api.send(.get, "/v1/sessions/once").status == .notFound)
        }
    }

    @Test func aConversationContinuesOverALiveServerAfterARestart() async throws {
        try await TemporaryDirectory.with { folder in
            let path = folder + "/sessions.sqlite"
            for (turn, message) in ["My name is John", "I live in Lisbon", "What is my name?"].enumerated() {
                let store = try SQLiteSessionStore(configuration: .init(location: .file(path)))
                try await TestAPI(configuration: ServerConfiguration(port: 0), store: store)
                    .test(.live) { api in
                        let answer = try await api.send(.post, "/v1/chat/durable", #"{"message":"\#(message)"}"#)
                        let status = answer.object["status"]?.objectValue
                        #expect(status?["conversation_length"] == .int(Int64(2 * turn + 2)))
                        #expect(status?["history_loaded"] == true)
                        #expect(status?["created"] == .bool(turn == 0))
                        if turn == 2 {
                            let response = answer.object["response"]?.stringValue ?? ""
                            #expect(response.contains("I remember 4 earlier messages"))
                            #expect(response.contains("it began with \"My name is John\""))
                        }
                    }
            }
        }
    }
}

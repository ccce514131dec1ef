import AgentSessions
import AgentSessionsAgents
import HTTPTypes
import Logging
import Testing

/// The openai-compatible provider against a real chat-completions server on 127.0.0.1.
struct OpenAICompatibleProviderTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    private func request(baseURL: String, timeout: Duration = .seconds(30)) -> ModelRequest {
        ModelRequest(
            model: ModelSettings(
                provider: .openAICompatible,
                name: "local-model",
                temperature: 0.25,
                maxTokens: 300,
                baseURL: baseURL,
                apiKeyVariable: "TEST_MODEL_KEY",
                timeout: timeout
            ),
            instructions: "You are terse.",
            history: [ChatMessage(.user, "My name is John"), ChatMessage(.assistant, "Hi John")],
            message: "What is my name?"
        )
    }

    @Test func sendsInstructionsHistoryParametersAndTheKey() async throws {
        let server = ChatCompletionsServer(answer: ChatCompletionsServer.completion("Your name is John."))
        try await server.run { baseURL in
            let provider = OpenAICompatibleProvider(environment: ["TEST_MODEL_KEY": "sk-test-123"])
            let reply = try await provider.reply(to: request(baseURL: baseURL), logger: logger)
            #expect(reply == "Your name is John.")
        }
        let recorded = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(recorded.path == "/v1/chat/completions")
        #expect(recorded.authorization == "Bearer sk-test-123")
        let body = try JSONValue(parsing: recorded.body, field: "body")
        #expect(body.objectValue?["model"] == "local-model")
        #expect(body.objectValue?["temperature"] == 0.25)
        #expect(body.objectValue?["max_tokens"] == 300)
        #expect(
            body.objectValue?["messages"] == [
                ["role": "system", "content": "You are terse."],
                ["role": "user", "content": "My name is John"],
                ["role": "assistant", "content": "Hi John"],
                ["role": "user", "content": "What is my name?"],
            ]
        )
    }

    @Test func withoutAKeyNoAuthorizationIsSent() async throws {
        let server = ChatCompletionsServer()
        try await server.run { baseURL in
            let provider = OpenAICompatibleProvider(environment: [:])
            var request = request(baseURL: baseURL + "/")
            request.model.temperature = nil
            request.model.maxTokens = nil
            let reply = try await provider.reply(to: request, logger: logger)
            #expect(reply == "Hello!")
        }
        let recorded = try #require(server.requests.first)
        #expect(recorded.authorization == nil)
        let body = try JSONValue(parsing: recorded.body, field: "body").objectValue
        #expect(body?["temperature"] == nil)
        #expect(body?["max_tokens"] == nil)
    }

    @Test func anErrorStatusIsAnHTTPError() async throws {
        let server = ChatCompletionsServer(status: .unauthorized, answer: #"{"error":{"message":"bad key"}}"#)
        try await server.run { baseURL in
            let provider = OpenAICompatibleProvider(environment: ["TEST_MODEL_KEY": "sk-wrong-key"])
            let error = try await #require(throws: ModelProviderError.self) {
                try await provider.reply(to: request(baseURL: baseURL), logger: logger)
            }
            #expect(error.code == .httpStatus)
            #expect(error.status == 401)
            #expect(error.message.contains("check the API key in $TEST_MODEL_KEY"))
            #expect(!error.description.contains("sk-wrong-key"))
            #expect(error.debugDescription.contains("bad key"))
        }
    }

    @Test func anAnswerThatIsNotACompletionIsMalformed() async throws {
        let server = ChatCompletionsServer(answer: #"{"choices":[]}"#)
        try await server.run { baseURL in
            let error = try await #require(throws: ModelProviderError.self) {
                try await OpenAICompatibleProvider(environment: [:]).reply(
                    to: request(baseURL: baseURL),
                    logger: logger
                )
            }
            #expect(error.code == .malformedAnswer)
        }
    }

    @Test func aSlowServerTimesOut() async throws {
        let server = ChatCompletionsServer(pause: .seconds(2))
        try await server.run { baseURL in
            let error = try await #require(throws: ModelProviderError.self) {
                try await OpenAICompatibleProvider(environment: [:])
                    .reply(to: request(baseURL: baseURL, timeout: .milliseconds(100)), logger: logger)
            }
            #expect(error.code == .timeout)
        }
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let baseURL = try await ChatCompletionsServer().run { $0 }
        let error = try await #require(throws: ModelProviderError.self) {
            try await OpenAICompatibleProvider(environment: [:])
                .reply(to: request(baseURL: baseURL, timeout: .milliseconds(500)), logger: logger)
        }
        // AsyncHTTPClient's shared client retries a refused connection until the deadline, so on a
        // busy machine the deadline can fall inside an attempt: then the failure is a timeout.
        #expect(error.code == .unreachable || error.code == .timeout, "\(error.code)")
        #expect(!error.message.contains("127.0.0.1"))
    }
}

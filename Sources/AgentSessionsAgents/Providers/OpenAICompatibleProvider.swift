import AgentSessions
public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1

/// Chat completions over HTTP: `POST {base_url}/chat/completions`, as OpenAI, Ollama, vLLM and
/// llama.cpp's server speak it.
///
/// The request carries the model's name, its temperature and `max_tokens` when set, and the
/// messages: the instructions as a system message, the whole history, then the new message.
/// The API key is read from the environment variable the agent names (`OPENAI_API_KEY` by
/// default) and sent as `Authorization: Bearer …`; without it no key is sent, as local servers
/// expect. The reply is `choices[0].message.content`.
///
/// ```swift
/// let provider = OpenAICompatibleProvider()
/// let model = ModelSettings(provider: .openAICompatible, name: "llama3.2", baseURL: "http://127.0.0.1:11434/v1")
/// let reply = try await provider.reply(
///     to: ModelRequest(model: model, instructions: "Be brief.", history: [], message: "Hi"), logger: logger)
/// ```
public struct OpenAICompatibleProvider: ModelProvider {
    /// The largest answer read, in bytes: 8 MiB.
    static let answerLimit = 8 << 20

    private let client: HTTPClient
    private let environment: [String: String]

    /// Creates the provider.
    /// - Parameters:
    ///   - client: The HTTP client. Defaults to AsyncHTTPClient's shared client, which needs no
    ///     shutdown.
    ///   - environment: Where API keys are looked up; `nil` for the process's environment.
    ///     Defaults to `nil`.
    public init(client: HTTPClient = .shared, environment: [String: String]? = nil) {
        self.client = client
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// Asks the model for a reply.
    /// - Throws: ``ModelProviderError``: ``ModelProviderError/Code/timeout`` past the model's
    ///   timeout, ``ModelProviderError/Code/unreachable`` when no connection can be made,
    ///   ``ModelProviderError/Code/httpStatus`` for an error status,
    ///   ``ModelProviderError/Code/malformedAnswer`` for an answer without a reply text.
    ///   `CancellationError` when the task is cancelled.
    public func reply(to request: ModelRequest, logger: Logger) async throws -> String {
        try await respond(to: request, logger: logger).text
    }

    /// Asks the model for a reply, with the answer's `usage` (`prompt_tokens`,
    /// `completion_tokens`, `prompt_tokens_details.cached_tokens`) when it has one.
    /// - Throws: As ``reply(to:logger:)``.
    public func respond(to request: ModelRequest, logger: Logger) async throws -> ModelReply {
        let model = request.model
        let base = model.baseURL.hasSuffix("/") ? String(model.baseURL.dropLast()) : model.baseURL
        var http = HTTPClientRequest(url: base + "/chat/completions")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "application/json")
        if let key = environment[model.apiKeyVariable], !key.isEmpty {
            http.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        http.body = .bytes(ByteBuffer(string: Self.body(of: request).jsonText))
        logger.debug("Model call", metadata: [LogKeys.model: "\(model.name)"])
        let response: HTTPClientResponse
        let answer: ByteBuffer
        do {
            response = try await client.execute(http, timeout: Self.timeAmount(model.timeout), logger: logger)
            answer = try await response.body.collect(upTo: Self.answerLimit)
        } catch {
            try Task.checkCancellation()
            throw Self.transportError(error, model: model)
        }
        let text = String(buffer: answer)
        guard (200..<300).contains(response.status.code) else {
            throw ModelProviderError(
                .httpStatus,
                "the model server answered \(response.status.code) for model '\(model.name)'"
                    + Self.advice(for: response.status.code, model: model),
                status: Int(response.status.code),
                detail: "POST \(base)/chat/completions: " + String(text.prefix(500))
            )
        }
        return try Self.reply(of: text, model: model)
    }

    /// The JSON body of a request.
    static func body(of request: ModelRequest) -> JSONValue {
        var body: JSONObject = [
            "model": .string(request.model.name),
            "messages": .array(
                request.messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) }
            ),
        ]
        if let temperature = request.model.temperature { body["temperature"] = .double(temperature) }
        if let maxTokens = request.model.maxTokens { body["max_tokens"] = .int(Int64(maxTokens)) }
        return .object(body)
    }

    /// The reply of an answer, read once: `choices[0].message.content`, and the `usage`
    /// (`prompt_tokens`, `completion_tokens`, `prompt_tokens_details.cached_tokens`) when it has one.
    static func reply(of text: String, model: ModelSettings) throws(ModelProviderError) -> ModelReply {
        let answer = (try? JSONValue(parsing: text, field: "answer"))?.objectValue
        guard case .array(let choices)? = answer?["choices"],
            let content = choices.first?.objectValue?["message"]?.objectValue?["content"]?.stringValue
        else {
            throw ModelProviderError(
                .malformedAnswer,
                "the model server's answer for model '\(model.name)' is not a chat completion with "
                    + "choices[0].message.content; check that base_url points at an OpenAI-compatible API",
                detail: String(text.prefix(500))
            )
        }
        var usage: TokenUsage?
        if let counts = answer?["usage"]?.objectValue, let input = counts["prompt_tokens"]?.intValue,
            let output = counts["completion_tokens"]?.intValue
        {
            let cached = counts["prompt_tokens_details"]?.objectValue?["cached_tokens"]?.intValue ?? 0
            usage = TokenUsage(input: input, output: output, cached: cached)
        }
        return ModelReply(text: content, usage: usage)
    }

    private static func transportError(_ error: any Error, model: ModelSettings) -> ModelProviderError {
        if let error = error as? HTTPClientError,
            [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error)
        {
            return ModelProviderError(
                .timeout,
                "model '\(model.name)' did not answer within \(model.timeout); try again, or raise timeout_seconds",
                detail: String(describing: error)
            )
        }
        return ModelProviderError(
            .unreachable,
            "the model server of model '\(model.name)' cannot be reached; check base_url and that the server runs",
            detail: String(describing: error)
        )
    }

    private static func advice(for status: UInt, model: ModelSettings) -> String {
        switch status {
        case 401, 403: "; check the API key in $\(model.apiKeyVariable)"
        case 404: "; check base_url and the model's name"
        case 429: "; the provider is rate limiting, try again later"
        default: ""
        }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

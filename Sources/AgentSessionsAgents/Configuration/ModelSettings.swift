/// Which model answers for an agent, and how it is called.
///
/// ```yaml
/// model:
///   provider: openai-compatible
///   name: gpt-4.1-mini
///   temperature: 0.7
///   max_tokens: 2000
///   base_url: http://127.0.0.1:11434/v1
///   api_key_env: OLLAMA_API_KEY
///   context_window: 128000
/// ```
public struct ModelSettings: Hashable, Sendable {
    /// The kinds of model provider.
    public enum Provider: String, Hashable, Sendable, CaseIterable {
        /// The built-in demo: deterministic replies that show what the agent remembers. No
        /// network, no intelligence.
        case offline
        /// Any server that speaks OpenAI's chat completions: OpenAI, Ollama, vLLM, llama.cpp.
        case openAICompatible = "openai-compatible"
    }

    /// The base URL used by `openai-compatible` without `base_url`: `https://api.openai.com/v1`.
    public static let defaultBaseURL = "https://api.openai.com/v1"
    /// The environment variable holding the API key without `api_key_env`: `OPENAI_API_KEY`.
    public static let defaultAPIKeyVariable = "OPENAI_API_KEY"

    /// The provider. Defaults to ``Provider/offline``.
    public var provider: Provider
    /// The model's name as the provider knows it. Defaults to `offline`; `openai-compatible`
    /// needs one.
    public var name: String
    /// The sampling temperature, 0 to 2; `nil` leaves it to the provider. Defaults to `nil`.
    public var temperature: Double?
    /// The largest reply in tokens; `nil` leaves it to the provider. Defaults to `nil`.
    public var maxTokens: Int?
    /// Where `openai-compatible` sends `POST {base_url}/chat/completions`. Defaults to
    /// ``defaultBaseURL``.
    public var baseURL: String
    /// The environment variable the API key is read from. Defaults to
    /// ``defaultAPIKeyVariable``; when it is unset the request carries no key (as local servers
    /// such as Ollama expect).
    public var apiKeyVariable: String
    /// How long one model call may take before it fails. Defaults to 60 seconds.
    public var timeout: Duration
    /// How many tokens the model reads at most (its context window); chat replies report the
    /// share of it the conversation takes. `nil` when not configured. Defaults to `nil`.
    public var contextWindow: Int?

    /// Describes a model; every parameter has a default.
    public init(
        provider: Provider = .offline,
        name: String = "offline",
        temperature: Double? = nil,
        maxTokens: Int? = nil,
        baseURL: String = ModelSettings.defaultBaseURL,
        apiKeyVariable: String = ModelSettings.defaultAPIKeyVariable,
        timeout: Duration = .seconds(60),
        contextWindow: Int? = nil
    ) {
        self.provider = provider
        self.name = name
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.baseURL = baseURL
        self.apiKeyVariable = apiKeyVariable
        self.timeout = timeout
        self.contextWindow = contextWindow
    }
}

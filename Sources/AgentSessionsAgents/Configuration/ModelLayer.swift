import Yams

/// What one `model` mapping of the agents file says (an agent's, `defaults`', a summarizer's):
/// every field optional, so that silence falls through to the level below.
struct ModelLayer {
    static let keys: Set<String> = [
        "provider", "name", "temperature", "max_tokens", "base_url", "api_key_env", "timeout_seconds",
        "context_window",
    ]

    var provider: ModelSettings.Provider?
    var modelName: String?
    var temperature: Double?
    var maxTokens: Int?
    var baseURL: String?
    var apiKeyVariable: String?
    var timeoutSeconds: Double?
    var contextWindow: Int?

    /// A layer that says nothing.
    init() {}

    /// Reads a `model` mapping.
    /// - Throws: ``AgentsFileError`` for an unknown key or a value out of range.
    init(_ node: Node, path: String, reader: AgentsFileReader) throws(AgentsFileError) {
        for (key, value, _) in try reader.entries(node, path: path, allowed: Self.keys) {
            let here = "\(path).\(key)"
            switch key {
            case "provider": provider = try reader.choice(value, path: here, as: ModelSettings.Provider.self)
            case "name": modelName = try reader.string(value, path: here)
            case "temperature":
                temperature = try reader.number(value, path: here)
                if let temperature, !(0...2).contains(temperature) {
                    throw reader.error(
                        "\(here) must be a number from 0 to 2, not \(value.scalar?.string ?? "")",
                        at: value
                    )
                }
            case "max_tokens":
                maxTokens = try reader.integer(value, path: here)
                if let maxTokens, maxTokens < 1 {
                    throw reader.error("\(here) must be 1 or more, not \(maxTokens)", at: value)
                }
            case "base_url":
                baseURL = try reader.string(value, path: here)
                if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
                    throw reader.error("\(here) must start with http:// or https://, not '\(baseURL)'", at: value)
                }
            case "api_key_env": apiKeyVariable = try reader.string(value, path: here)
            case "context_window":
                contextWindow = try reader.integer(value, path: here)
                if let contextWindow, contextWindow < 1 {
                    throw reader.error("\(here) must be 1 token or more, not \(contextWindow)", at: value)
                }
            default:
                timeoutSeconds = try reader.number(value, path: here)
                if let timeoutSeconds, !(0.001...3600).contains(timeoutSeconds) {
                    throw reader.error(
                        "\(here) must be from 0.001 to 3600 seconds, not \(value.scalar?.string ?? "")",
                        at: value
                    )
                }
            }
        }
    }

    /// The model this layer describes, field by field over `base`.
    func settings(over base: ModelSettings) -> ModelSettings {
        var model = base
        model.provider = provider ?? base.provider
        model.name = modelName ?? base.name
        model.temperature = temperature ?? base.temperature
        model.maxTokens = maxTokens ?? base.maxTokens
        model.baseURL = baseURL ?? base.baseURL
        model.apiKeyVariable = apiKeyVariable ?? base.apiKeyVariable
        if let timeoutSeconds { model.timeout = .seconds(timeoutSeconds) }
        model.contextWindow = contextWindow ?? base.contextWindow
        return model
    }
}

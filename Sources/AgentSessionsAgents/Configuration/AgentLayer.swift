import Yams

/// What one level of the agents file says, an agent or `defaults`: every field optional, so
/// that an agent's silence falls through to `defaults`, then to the built-in defaults.
struct AgentLayer {
    var displayName: String?
    var instructions: String?
    var isEnabled: Bool?
    var provider: ModelSettings.Provider?
    var modelName: String?
    var temperature: Double?
    var maxTokens: Int?
    var baseURL: String?
    var apiKeyVariable: String?
    var timeoutSeconds: Double?
    var memoryKind: SessionMemory.Kind?
    var databasePath: String?
    var isMemoryEnabled: Bool?

    /// The keys of an agent; `defaults` takes the same but `display_name` and `enabled`.
    static let agentKeys: Set<String> = [
        "display_name", "instructions", "default_instructions", "model", "session_memory", "enabled",
    ]
    static let defaultsKeys: Set<String> = ["instructions", "default_instructions", "model", "session_memory"]
    static let modelKeys: Set<String> = [
        "provider", "name", "temperature", "max_tokens", "base_url", "api_key_env", "timeout_seconds",
    ]
    static let memoryKeys: Set<String> = ["type", "session_id", "database_path", "enabled"]

    /// A layer that says nothing.
    init() {}

    /// Reads a layer.
    /// - Parameters:
    ///   - node: The agent's (or `defaults`') mapping.
    ///   - path: Its key path, such as `agents.geo`.
    ///   - allowed: The keys it may have.
    ///   - reader: The file's reader.
    init(_ node: Node, path: String, allowed: Set<String>, reader: AgentsFileReader) throws(AgentsFileError) {
        for (key, value, _) in try reader.entries(node, path: path, allowed: allowed) {
            let here = "\(path).\(key)"
            switch key {
            case "display_name": displayName = try reader.string(value, path: here)
            case "instructions", "default_instructions": instructions = try reader.string(value, path: here)
            case "enabled": isEnabled = try reader.bool(value, path: here)
            case "model": try readModel(value, path: here, reader: reader)
            default: try readMemory(value, path: here, reader: reader)
            }
        }
    }

    private mutating func readModel(_ node: Node, path: String, reader: AgentsFileReader) throws(AgentsFileError) {
        for (key, value, _) in try reader.entries(node, path: path, allowed: Self.modelKeys) {
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

    private mutating func readMemory(_ node: Node, path: String, reader: AgentsFileReader) throws(AgentsFileError) {
        for (key, value, _) in try reader.entries(node, path: path, allowed: Self.memoryKeys) {
            let here = "\(path).\(key)"
            switch key {
            case "type": memoryKind = try reader.choice(value, path: here, as: SessionMemory.Kind.self)
            case "database_path": databasePath = try reader.string(value, path: here)
            case "enabled": isMemoryEnabled = try reader.bool(value, path: here)
            default:
                if try reader.string(value, path: here) != nil {
                    throw reader.error(
                        "\(here) must be null here: the session id comes from the chat request's URL",
                        at: value
                    )
                }
            }
        }
    }

    /// The agent this layer describes, over `defaults`, over the built-in defaults.
    /// - Throws: ``AgentsFileError`` for an `openai-compatible` model without a name.
    func definition(
        name: String,
        over defaults: AgentLayer,
        at node: Node,
        reader: AgentsFileReader
    ) throws(AgentsFileError) -> AgentDefinition {
        var model = ModelSettings()
        model.provider = provider ?? defaults.provider ?? model.provider
        let modelName = self.modelName ?? defaults.modelName
        if model.provider == .openAICompatible {
            guard let modelName, !modelName.isEmpty else {
                throw reader.error(
                    "agents.\(name) uses provider openai-compatible but names no model; add model.name",
                    at: node
                )
            }
        }
        model.name = modelName ?? model.name
        model.temperature = temperature ?? defaults.temperature
        model.maxTokens = maxTokens ?? defaults.maxTokens
        model.baseURL = baseURL ?? defaults.baseURL ?? model.baseURL
        model.apiKeyVariable = apiKeyVariable ?? defaults.apiKeyVariable ?? model.apiKeyVariable
        if let seconds = timeoutSeconds ?? defaults.timeoutSeconds { model.timeout = .seconds(seconds) }
        let isMemoryEnabled = self.isMemoryEnabled ?? defaults.isMemoryEnabled ?? true
        let kind = isMemoryEnabled ? (memoryKind ?? defaults.memoryKind ?? .sqlite) : .none
        return AgentDefinition(
            name: name,
            displayName: displayName,
            instructions: instructions ?? defaults.instructions ?? "",
            model: model,
            sessionMemory: SessionMemory(kind: kind, databasePath: databasePath ?? defaults.databasePath)
        )
    }
}

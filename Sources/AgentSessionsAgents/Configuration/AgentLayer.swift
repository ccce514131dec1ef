import Yams

/// What one level of the agents file says, an agent or `defaults`: every field optional, so
/// that an agent's silence falls through to `defaults`, then to the built-in defaults.
struct AgentLayer {
    var displayName: String?
    var instructions: String?
    var isEnabled: Bool?
    var model = ModelLayer()
    var memoryKind: SessionMemory.Kind?
    var databasePath: String?
    var isMemoryEnabled: Bool?
    var summarizer: SummarizerLayer?

    /// The keys of an agent; `defaults` takes the same but `display_name` and `enabled`.
    static let agentKeys: Set<String> = [
        "display_name", "instructions", "default_instructions", "model", "session_memory", "enabled", "summarizer",
    ]
    static let defaultsKeys: Set<String> = ["instructions", "default_instructions", "model", "session_memory"]
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
            case "model": model = try ModelLayer(value, path: here, reader: reader)
            case "summarizer": summarizer = try SummarizerLayer(value, path: here, reader: reader)
            default: try readMemory(value, path: here, reader: reader)
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
        if (model.provider ?? defaults.model.provider) == .openAICompatible,
            (model.modelName ?? defaults.model.modelName ?? "").isEmpty
        {
            throw reader.error(
                "agents.\(name) uses provider openai-compatible but names no model; add model.name",
                at: node
            )
        }
        let model = self.model.settings(over: defaults.model.settings(over: ModelSettings()))
        let isMemoryEnabled = self.isMemoryEnabled ?? defaults.isMemoryEnabled ?? true
        let kind = isMemoryEnabled ? (memoryKind ?? defaults.memoryKind ?? .sqlite) : .none
        return AgentDefinition(
            name: name,
            displayName: displayName,
            instructions: instructions ?? defaults.instructions ?? "",
            model: model,
            sessionMemory: SessionMemory(kind: kind, databasePath: databasePath ?? defaults.databasePath),
            summarizer: try summarizer?.settings(over: model, agent: name, reader: reader)
        )
    }
}

import Yams

/// What an agent's `summarizer` mapping says: its model's fields (over the agent's model), its
/// prompt and its triggers.
struct SummarizerLayer {
    static let keys: Set<String> = ["model", "prompt", "max_tokens", "every_turns"]

    /// The summarizer's model fields.
    var model = ModelLayer()
    var prompt: String?
    var maxTokens: Int?
    var everyTurns: Int?
    /// The mapping, for messages.
    let node: Node
    let path: String

    /// Reads the mapping.
    /// - Throws: ``AgentsFileError`` for an unknown key, a value of the wrong type, a trigger
    ///   below 1, or no trigger at all.
    init(_ node: Node, path: String, reader: AgentsFileReader) throws(AgentsFileError) {
        self.node = node
        self.path = path
        for (key, value, _) in try reader.entries(node, path: path, allowed: Self.keys) {
            let here = "\(path).\(key)"
            switch key {
            case "model": model = try ModelLayer(value, path: here, reader: reader)
            case "prompt": prompt = try reader.string(value, path: here)
            default:
                let count = try reader.integer(value, path: here)
                if let count, count < 1 { throw reader.error("\(here) must be 1 or more, not \(count)", at: value) }
                if key == "max_tokens" { maxTokens = count } else { everyTurns = count }
            }
        }
        guard maxTokens != nil || everyTurns != nil else {
            throw reader.error(
                "\(path) needs a trigger: max_tokens (summarize past that many tokens) or every_turns (every N turns)",
                at: node
            )
        }
    }

    /// The settings, with the model taken field by field over the agent's.
    /// - Throws: ``AgentsFileError`` when the summarizer switches to `openai-compatible`
    ///   without naming a model.
    func settings(over agentModel: ModelSettings, agent: String, reader: AgentsFileReader) throws(AgentsFileError)
        -> SummarizerSettings
    {
        if let provider = model.provider, provider != agentModel.provider, provider == .openAICompatible,
            (model.modelName ?? "").isEmpty
        {
            throw reader.error(
                "\(path) uses provider openai-compatible but names no model; add model.name",
                at: node
            )
        }
        return SummarizerSettings(
            model: model.settings(over: agentModel),
            prompt: prompt ?? SummarizerSettings.defaultPrompt,
            maxTokens: maxTokens.map(Int64.init),
            everyTurns: everyTurns
        )
    }
}

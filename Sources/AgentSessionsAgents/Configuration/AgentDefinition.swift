/// One agent of the agents file: who it is, what it is told, which model answers for it and
/// what it remembers.
///
/// Every field is complete: the file's `defaults` and the built-in defaults were applied when
/// the file was read.
///
/// ```swift
/// let catalog = try AgentCatalog(yaml: text, source: "agents.yaml")
/// let geo = catalog.agents["geo"]
/// print(geo?.model.name ?? "none")
/// ```
public struct AgentDefinition: Hashable, Sendable {
    /// The agent's name, its key in the file; requests name the agent by it.
    public var name: String
    /// A name for people, such as "GeoAgent". Defaults to the agent's name.
    public var displayName: String
    /// The system instructions sent before the conversation. Defaults to none (empty).
    public var instructions: String
    /// The model that answers.
    public var model: ModelSettings
    /// What the agent remembers between requests.
    public var sessionMemory: SessionMemory
    /// How the agent compacts long conversations; `nil` for never.
    public var summarizer: SummarizerSettings?

    /// Describes an agent.
    /// - Parameters:
    ///   - name: The agent's name.
    ///   - displayName: A name for people. Defaults to `name`.
    ///   - instructions: The system instructions. Defaults to none.
    ///   - model: The model. Defaults to the offline demo model.
    ///   - sessionMemory: The memory. Defaults to the server's store.
    ///   - summarizer: How long conversations are compacted. Defaults to never.
    public init(
        name: String,
        displayName: String? = nil,
        instructions: String = "",
        model: ModelSettings = ModelSettings(),
        sessionMemory: SessionMemory = SessionMemory(),
        summarizer: SummarizerSettings? = nil
    ) {
        self.name = name
        self.displayName = displayName ?? name
        self.instructions = instructions
        self.model = model
        self.sessionMemory = sessionMemory
        self.summarizer = summarizer
    }
}

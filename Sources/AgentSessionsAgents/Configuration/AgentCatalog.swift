/// The agents a server runs, by name, and the one that answers when a request names none.
///
/// Read it from an agents file with ``init(yaml:source:)`` or ``init(contentsOfFile:)``, or
/// use ``demo``, the single offline agent the server runs without a file.
///
/// ```swift
/// let catalog = try AgentCatalog(contentsOfFile: "config/agents.yaml")
/// let agent = catalog.agent(named: "geo") ?? catalog.defaultAgent
/// ```
public struct AgentCatalog: Hashable, Sendable {
    /// The agents, in the order of the file.
    public internal(set) var agents: [AgentDefinition]
    /// The agent used when a request names none.
    public internal(set) var defaultAgent: AgentDefinition
    /// The agent that answers a session created for an agent the catalog does not know, or
    /// `nil` to refuse such sessions (the runtime throws ``AgentRuntimeError/Code/unknownAgent``).
    public internal(set) var fallbackAgent: AgentDefinition?

    /// Makes a catalog.
    /// - Parameters:
    ///   - agents: The agents; at least one, names unique.
    ///   - defaultAgentName: The agent used when a request names none. Defaults to the first.
    ///   - fallbackAgentName: The agent that answers sessions created for an agent the catalog
    ///     does not know. Defaults to none: such sessions are refused.
    /// - Throws: ``AgentsFileError`` for no agents, a name used twice or an unknown default or
    ///   fallback agent.
    public init(
        _ agents: [AgentDefinition],
        defaultAgentName: String? = nil,
        fallbackAgentName: String? = nil
    ) throws(AgentsFileError) {
        guard let first = agents.first else {
            throw AgentsFileError(source: "agents", "there are no enabled agents; define at least one under 'agents'")
        }
        var seen: Set<String> = []
        for agent in agents where !seen.insert(agent.name).inserted {
            throw AgentsFileError(source: "agents", "the agent name '\(agent.name)' is used twice")
        }
        self.agents = agents
        self.defaultAgent =
            try defaultAgentName.map { name throws(AgentsFileError) in
                try Self.agent(named: name, in: agents, key: "default_agent")
            } ?? first
        self.fallbackAgent = try fallbackAgentName.map { name throws(AgentsFileError) in
            try Self.agent(named: name, in: agents, key: "fallback_agent")
        }
    }

    /// The agent a key of the file names, which must be one of the agents.
    private static func agent(
        named name: String,
        in agents: [AgentDefinition],
        key: String
    ) throws(AgentsFileError) -> AgentDefinition {
        guard let agent = agents.first(where: { $0.name == name }) else {
            throw AgentsFileError(source: "agents", "\(key) '\(name)' is not an enabled agent of the file")
        }
        return agent
    }

    /// The agent with a name, if the catalog has it.
    public func agent(named name: String) -> AgentDefinition? {
        agents.first { $0.name == name }
    }

    /// The catalog of a server started without an agents file: one agent, `assistant`, on the
    /// offline demo model, remembering its conversations in the server's store and summarizing
    /// them (offline) past 8,000 tokens.
    public static let demo: AgentCatalog = {
        let assistant = AgentDefinition(
            name: "assistant",
            displayName: "Offline demo assistant",
            instructions: "You are a demo assistant that shows what it remembers of the conversation.",
            summarizer: SummarizerSettings(model: ModelSettings(), maxTokens: 8000)
        )
        do {
            return try AgentCatalog([assistant])
        } catch {
            preconditionFailure("the demo catalog is valid: \(error)")
        }
    }()
}

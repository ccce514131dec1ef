import AgentSessions

/// Why the runtime refused a chat turn before calling a model.
public struct AgentRuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal.
    public enum Code: String, Hashable, Sendable {
        /// The request names an agent the agents file does not define (or disables).
        case unknownAgent = "unknown_agent"
        /// The message is empty.
        case emptyMessage = "empty_message"
        /// A summary was asked of an agent without a summarizer, or of one that keeps nothing.
        case noSummarizer = "no_summarizer"
    }

    /// The kind of refusal.
    public var code: Code
    /// What is wrong and what to do about it.
    public var message: String
    /// The request field it is about.
    public var field: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// Two errors are equal when their codes are equal.
    public static func == (lhs: AgentRuntimeError, rhs: AgentRuntimeError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The error for an agent name the catalog does not know.
    static func unknownAgent(_ name: String, catalog: AgentCatalog) -> AgentRuntimeError {
        AgentRuntimeError(
            .unknownAgent,
            "there is no agent '\(name)'; known agents are \(catalog.agents.map(\.name).joined(separator: ", "))",
            field: "agent"
        )
    }

    /// The error for a summary asked of an agent that cannot make one.
    static func noSummarizer(_ agent: AgentDefinition) -> AgentRuntimeError {
        AgentRuntimeError(
            .noSummarizer,
            agent.sessionMemory.isEnabled
                ? "agent '\(agent.name)' has no summarizer; add 'summarizer' to it in the agents file"
                : "agent '\(agent.name)' keeps no conversation (session_memory none): there is nothing to summarize",
            field: "agent"
        )
    }

    /// The error for a session created for an agent the catalog does not know, when the
    /// catalog has no fallback agent.
    static func unknownSessionAgent(_ name: String, session: SessionKey, catalog: AgentCatalog) -> AgentRuntimeError {
        AgentRuntimeError(
            .unknownAgent,
            "session '\(session.id)' was created for agent '\(name)', which this server does not run; known agents "
                + "are \(catalog.agents.map(\.name).joined(separator: ", ")). Name one in 'agent', or set "
                + "fallback_agent in the agents file to answer such sessions",
            field: "agent"
        )
    }
}

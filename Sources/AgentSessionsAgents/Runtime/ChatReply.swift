public import AgentSessions

/// The answer of one chat turn, with what the server reports about the conversation.
public struct ChatReply: Hashable, Sendable {
    /// The agent's reply.
    public var text: String
    /// The agent that answered.
    public var agent: String
    /// The conversation's session.
    public var session: SessionKey
    /// How many messages the conversation holds after this turn (both turns included); 0 for an
    /// agent whose memory is `none`, which keeps nothing.
    public var conversationLength: Int
    /// Where the conversation is kept.
    public var memory: SessionMemory.Kind
    /// Whether this turn created the session.
    public var createdSession: Bool
    /// Whether the live instance read the conversation from the store for this turn: a new or
    /// evicted instance, one after a restart, or one whose session another writer changed.
    public var loadedHistory: Bool
    /// Whether the catalog's ``AgentCatalog/fallbackAgent`` answered because the session was
    /// created for an agent the catalog does not know.
    public var answeredByFallback: Bool
    /// The tokens the model reports for this turn's reply, when it reports them.
    public var usage: TokenUsage?
    /// The compaction this turn made, when it crossed the agent's summarizer trigger.
    public var compaction: Compaction?
    /// The tokens of the conversation as the model will see it next turn: the latest summary
    /// and the messages after it, each counted as the model reported or estimated.
    public var contextTokens: Int64
    /// The model's context window, when the agent's model configures one.
    public var contextWindow: Int?

    /// The share of the model's context window the conversation takes (1 is full); `nil`
    /// without a configured window.
    public var contextShare: Double? { contextWindow.map { Double(contextTokens) / Double($0) } }

    /// Describes a reply.
    public init(
        text: String,
        agent: String,
        session: SessionKey,
        conversationLength: Int,
        memory: SessionMemory.Kind,
        createdSession: Bool,
        loadedHistory: Bool,
        answeredByFallback: Bool = false,
        usage: TokenUsage? = nil,
        compaction: Compaction? = nil,
        contextTokens: Int64 = 0,
        contextWindow: Int? = nil
    ) {
        self.text = text
        self.agent = agent
        self.session = session
        self.conversationLength = conversationLength
        self.memory = memory
        self.createdSession = createdSession
        self.loadedHistory = loadedHistory
        self.answeredByFallback = answeredByFallback
        self.usage = usage
        self.compaction = compaction
        self.contextTokens = contextTokens
        self.contextWindow = contextWindow
    }
}

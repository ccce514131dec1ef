/// One agent conversation: who it belongs to, where it is in its lifecycle, its state and its
/// metadata. The conversation's items are read separately with
/// ``SessionStore/items(of:_:)``.
///
/// Sessions are values: a store returns a snapshot, and changes go through
/// ``SessionStore/update(_:_:expectedVersion:)``. Every write increases ``version``.
public struct Session: Hashable, Sendable {
    /// The session's id, unique within ``app``.
    public var id: SessionID
    /// The app the session belongs to.
    public var app: String
    /// The user the session belongs to; empty when none was given.
    public var userID: String
    /// The agent that runs the session; empty when none was given.
    public var agentName: String
    /// The parent session (in the same app), for child sessions.
    public var parentID: SessionID?
    /// Persistent or ephemeral.
    public var kind: SessionKind
    /// The current phase.
    public var phase: Phase
    /// Whether the agent marked the session ready to be resumed.
    public var isResumeReady: Bool
    /// The session's state, with the app's `app:` keys and the user's `user:` keys merged in.
    public var state: JSONObject
    /// Free-form metadata, changed by shallow merges.
    public var metadata: JSONObject
    /// A title for people, such as a chat sidebar's: one line, or `nil` for none.
    public var title: String?
    /// Labels to find the session by, sorted and each once (see ``SessionLabels``).
    public var tags: [String]
    /// When the session was created.
    public var createdAt: Timestamp
    /// The last activity: the last write to the session or its items.
    public var updatedAt: Timestamp
    /// When the session was finalized, if it was.
    public var finalizedAt: Timestamp?
    /// The outcome given at finalization: one of the lifecycle's final phases.
    public var outcome: Phase?
    /// The summary given at finalization.
    public var summary: String?
    /// How many errors were recorded.
    public var errorCount: Int
    /// The last error recorded.
    public var lastError: String?
    /// How many times the session was resumed.
    public var resumeCount: Int
    /// Every phase change, oldest first.
    public var phaseHistory: [PhaseTransition]
    /// Increases by at least one on every write; use it for optimistic concurrency.
    public var version: Int64
    /// When the session expires: clean-up deletes it from then on.
    public var expiresAt: Timestamp?
    /// The highest sequence number ever given to an item of this session (never rewinds).
    public var lastSequence: Int64

    /// The session's key: its app and id.
    public var key: SessionKey { SessionKey(id, app: app) }

    /// Whether the session was finalized.
    public var isFinalized: Bool { finalizedAt != nil }

    /// How long the session ran, from creation to finalization.
    public var duration: Duration? { finalizedAt.map { createdAt.duration(to: $0) } }

    /// Creates a session value. Stores create sessions; this initializer is for stores and tests.
    public init(
        id: SessionID,
        app: String = SessionKey.defaultApp,
        userID: String = "",
        agentName: String = "",
        parentID: SessionID? = nil,
        kind: SessionKind = .persistent,
        phase: Phase = .initializing,
        isResumeReady: Bool = false,
        state: JSONObject = [:],
        metadata: JSONObject = [:],
        title: String? = nil,
        tags: [String] = [],
        createdAt: Timestamp,
        updatedAt: Timestamp,
        finalizedAt: Timestamp? = nil,
        outcome: Phase? = nil,
        summary: String? = nil,
        errorCount: Int = 0,
        lastError: String? = nil,
        resumeCount: Int = 0,
        phaseHistory: [PhaseTransition] = [],
        version: Int64 = 1,
        expiresAt: Timestamp? = nil,
        lastSequence: Int64 = 0
    ) {
        self.id = id
        self.app = app
        self.userID = userID
        self.agentName = agentName
        self.parentID = parentID
        self.kind = kind
        self.phase = phase
        self.isResumeReady = isResumeReady
        self.state = state
        self.metadata = metadata
        self.title = title
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finalizedAt = finalizedAt
        self.outcome = outcome
        self.summary = summary
        self.errorCount = errorCount
        self.lastError = lastError
        self.resumeCount = resumeCount
        self.phaseHistory = phaseHistory
        self.version = version
        self.expiresAt = expiresAt
        self.lastSequence = lastSequence
    }
}

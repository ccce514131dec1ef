/// What to create: the fields a caller chooses for a new session.
///
/// ```swift
/// let session = try await store.create(
///     NewSession(app: "ops", userID: "ana", agentName: "terraform-architect", metadata: ["task_id": "T001"]))
/// ```
public struct NewSession: Hashable, Sendable {
    /// The id; `nil` lets the store generate one.
    public var id: SessionID?
    /// The app. Defaults to `default`.
    public var app: String
    /// The user; empty for none.
    public var userID: String
    /// The agent; empty for none.
    public var agentName: String
    /// The parent session in the same app; it must exist.
    public var parentID: SessionID?
    /// Persistent (the default) or ephemeral.
    public var kind: SessionKind
    /// The starting phase; `nil` for the lifecycle's initial phase. A final phase is refused.
    public var phase: Phase?
    /// Whether the session starts ready to resume. Defaults to `false`.
    public var isResumeReady: Bool
    /// Initial state. `app:` and `user:` keys go to their scopes, `temp:` keys are dropped,
    /// and `null` values are ignored.
    public var state: JSONObject
    /// Initial metadata; `null` values are ignored.
    public var metadata: JSONObject
    /// A title for people; `nil` or empty for none (see ``SessionLabels``).
    public var title: String?
    /// Labels to find the session by; kept sorted and each once (see ``SessionLabels``).
    public var tags: [String]
    /// When the session expires, if ever.
    public var expiresAt: Timestamp?

    /// Describes a new session. Every parameter has a default.
    public init(
        id: SessionID? = nil,
        app: String = SessionKey.defaultApp,
        userID: String = "",
        agentName: String = "",
        parentID: SessionID? = nil,
        kind: SessionKind = .persistent,
        phase: Phase? = nil,
        isResumeReady: Bool = false,
        state: JSONObject = [:],
        metadata: JSONObject = [:],
        title: String? = nil,
        tags: [String] = [],
        expiresAt: Timestamp? = nil
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
        self.expiresAt = expiresAt
    }
}

extension NewSession {
    /// Checks that the session is not given itself as parent.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `parent_id`).
    package func checkParentIsAnother() throws(SessionStoreError) {
        if let parentID, parentID == id {
            throw .invalid("parent_id", "session '\(parentID)' cannot be its own parent; give another parent or none")
        }
    }
}

public import AgentSessions

/// One finished call to a store, as an ``ObservedSessionStore`` reports it to its observers.
public struct StoreCall: Sendable {
    /// The operation that ran.
    public var operation: StoreOperation
    /// The session it named, when it named one.
    public var key: SessionKey?
    /// How long the call took.
    public var duration: Duration
    /// What the call changed; `nil` for reads and for failed calls.
    public var effect: StoreEffect?
    /// Whether the call threw (a cancellation included).
    public var failed: Bool

    /// Creates a report of a call.
    public init(
        operation: StoreOperation,
        key: SessionKey?,
        duration: Duration,
        effect: StoreEffect?,
        failed: Bool
    ) {
        self.operation = operation
        self.key = key
        self.duration = duration
        self.effect = effect
        self.failed = failed
    }
}

/// The operations of `SessionStore`, one case per requirement, named for metrics and logs.
public enum StoreOperation: String, Sendable, CaseIterable {
    case create
    case getOrCreate = "get_or_create"
    case session
    case update
    case delete
    case list
    case listSummaries = "list_summaries"
    case count
    case append
    case items
    case popLastItem = "pop_last_item"
    case clearItems = "clear_items"
    case fork
    case resumeDecision = "resume_decision"
    case deleteIdleSessions = "delete_idle_sessions"
    case statistics
    case restore
    case restoreItems = "restore_items"
    case addCompaction = "add_compaction"
    case compactions
    case restoreCompactions = "restore_compactions"
    case context
    case tokens
    case pinnedItems = "pinned_items"
}

/// What a successful write changed.
public enum StoreEffect: Sendable {
    /// A session was created (by a create, a get-or-create or a fork).
    case created(Session)
    /// A session was changed by an update; the session as it is after the update.
    case updated(Session, SessionUpdate)
    /// A session and its descendants were deleted: how many sessions went.
    case deleted(count: Int)
    /// Items were appended, with these sequence numbers.
    case appended([Int64])
    /// The last item was popped.
    case popped(SessionItem)
    /// Every item was removed: how many.
    case cleared(count: Int)
    /// Idle sessions were deleted by a clean-up, in one app or in every app (`nil`).
    case deletedIdle(count: Int, app: String?)
}

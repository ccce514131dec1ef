import AgentSessions

/// What to do with a request whose idempotency key was looked up.
public enum IdempotencyStart: Sendable, Hashable {
    /// The key is new (or its answer expired, or its claim went stale): do the work.
    case proceed
    /// The same request was answered before: send this answer again.
    case replay(StoredResponse)
    /// The key was used for a different request: refuse (422).
    case mismatch
    /// The same key is being answered right now by another request: refuse (409).
    case inProgress
}

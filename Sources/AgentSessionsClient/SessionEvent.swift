public import AgentSessions

/// One change of a session, as `GET /v1/sessions/{id}/events` tells it.
public enum SessionEvent: Sendable, Hashable {
    /// The session as it is: first on every connection, then after changes such as metadata or
    /// state that have no event of their own.
    case session(Session)
    /// An item appended (or, after a reconnection, one that was appended meanwhile).
    case item(SessionItem)
    /// A phase change, and the session's version after it.
    case phase(PhaseTransition, version: Int64)
    /// The session finalized, as it is now.
    case finalized(Session)
    /// Items taken off the end (`SessionStore/popLastItem(of:)`), by sequence number.
    case itemsRemoved([Int64])
    /// Every item removed (`SessionStore/clearItems(of:)`): how many.
    case itemsCleared(count: Int)
    /// The session deleted: the last event.
    case deleted
}

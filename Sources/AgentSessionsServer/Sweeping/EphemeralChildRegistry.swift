public import AgentSessions
import Synchronization

/// The ephemeral child sessions a process created and has not seen deleted yet: what
/// ``EphemeralChildSweeper`` looks at.
///
/// Thread-safe; every method is a short critical section. The registry lives in memory, so
/// children created before a restart are not tracked by the new process (the regular idle
/// clean-up still removes them).
///
/// ```swift
/// let children = EphemeralChildRegistry()
/// let child = try await store.create(NewSession(parentID: parent.id, kind: .ephemeral))
/// children.track(child.key)
/// ```
public final class EphemeralChildRegistry: Sendable {
    private let keys = Mutex<Set<SessionKey>>([])

    /// Creates an empty registry.
    public init() {}

    /// Starts tracking a child session.
    public func track(_ key: SessionKey) {
        _ = keys.withLock { $0.insert(key) }
    }

    /// Stops tracking a session (it was deleted or finalized).
    public func untrack(_ key: SessionKey) {
        _ = keys.withLock { $0.remove(key) }
    }

    /// Whether a session is tracked.
    public func contains(_ key: SessionKey) -> Bool {
        keys.withLock { $0.contains(key) }
    }

    /// Every tracked session, in no particular order.
    public var trackedKeys: [SessionKey] {
        keys.withLock { Array($0) }
    }
}

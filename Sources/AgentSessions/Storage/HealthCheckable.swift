/// A store that can tell whether its storage is reachable right now, for a server's health
/// endpoint.
///
/// Stores whose storage is always at hand (in memory, a local file) need not adopt it; a
/// server treats such a store as available. A store on a database server adopts it so that
/// `/healthz` reports the server's state:
///
/// ```swift
/// if let checkable = store as? any HealthCheckable {
///     let health = await checkable.checkHealth()
///     print(health.isAvailable ? "ok" : health.reason ?? "unavailable")
/// }
/// ```
public protocol HealthCheckable: Sendable {
    /// Checks the storage now, waiting at most a few seconds.
    ///
    /// Never throws: a failure is reported in the result. Cancellation ends the check early
    /// and reports the store unavailable.
    /// - Returns: Whether the storage answered, and why not.
    func checkHealth() async -> StoreHealth
}

/// The answer of ``HealthCheckable/checkHealth()``.
public struct StoreHealth: Hashable, Sendable {
    /// The kind of store, such as `postgres`, as shown by a health endpoint.
    public var store: String
    /// Whether the storage answered.
    public var isAvailable: Bool
    /// Why the storage is unavailable: safe to show (no connection string, no password).
    public var reason: String?

    /// Creates a health report.
    /// - Parameters:
    ///   - store: The kind of store, such as `postgres`.
    ///   - isAvailable: Whether the storage answered.
    ///   - reason: Why not, safe to show. Defaults to none.
    public init(store: String, isAvailable: Bool, reason: String? = nil) {
        self.store = store
        self.isAvailable = isAvailable
        self.reason = reason
    }
}

/// A store that adds something (observation, encryption) around another store, which does the
/// storing.
public protocol SessionStoreWrapper: SessionStore {
    /// The store that does the storing.
    var base: any SessionStore { get }
}

extension SessionStore {
    /// The store itself or, through any wrappers, the store they wrap, if it can check its
    /// storage; `nil` for stores whose storage is always at hand.
    public var healthCheckable: (any HealthCheckable)? {
        if let checkable = self as? any HealthCheckable { return checkable }
        return (self as? any SessionStoreWrapper)?.base.healthCheckable
    }
}

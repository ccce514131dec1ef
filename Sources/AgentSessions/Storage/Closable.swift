/// A store that holds resources to give back when it is no longer used, such as an open
/// database file whose write-ahead log is folded back into it on closing.
///
/// Stores without such resources (in memory, plain files) need not adopt it. Whoever opened a
/// store closes it once, when nothing uses it any more:
///
/// ```swift
/// let store = try SQLiteSessionStore()
/// defer { Task { try await store.closable?.close() } }
/// ```
public protocol Closable: Sendable {
    /// Finishes pending work and releases the store's resources. Operations afterwards fail
    /// with ``SessionStoreError/Code/unavailable``; closing twice does nothing more.
    /// - Throws: ``SessionStoreError`` (unavailable) when the storage cannot be closed cleanly;
    ///   what was acknowledged stays stored.
    func close() async throws
}

extension SessionStore {
    /// The store itself or, through any wrappers, the store they wrap, if it holds resources
    /// to close; `nil` otherwise.
    public var closable: (any Closable)? {
        if let closable = self as? any Closable { return closable }
        return (self as? any SessionStoreWrapper)?.base.closable
    }
}

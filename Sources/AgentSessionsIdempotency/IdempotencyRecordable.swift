public import AgentSessions

/// A store that can keep the answers of `Idempotency-Key` requests in its own storage, so that
/// they survive a restart and are seen by every process that shares the storage.
///
/// The SQLite and PostgreSQL stores adopt it; a wrapper that changes what is stored (such as
/// encryption) adopts it too, to wrap its base's records. Whoever builds a server passes the
/// records to it by name (`buildApplication(…, idempotency:)`); code that holds only
/// `any SessionStore` can find them through wrappers with
/// `SessionStore/durableIdempotencyStore(policy:)`:
///
/// ```swift
/// let records = store.durableIdempotencyStore(policy: IdempotencyPolicy()) ?? InMemoryIdempotencyStore()
/// ```
public protocol IdempotencyRecordable: Sendable {
    /// An idempotency store on this store's storage.
    /// - Parameter policy: The window, the claim timeout and the cleanup interval.
    /// - Returns: The records, or `nil` when this store's storage keeps none (a wrapper whose
    ///   base keeps none).
    func makeIdempotencyStore(policy: IdempotencyPolicy) -> (any IdempotencyStore)?
}

extension SessionStore {
    /// The idempotency records kept in this store's storage or, through any wrappers, in the
    /// storage of the store they wrap; `nil` when the storage keeps none (in memory, files).
    /// - Parameter policy: The window, the claim timeout and the cleanup interval.
    /// - Returns: A durable ``IdempotencyStore``, or `nil`.
    public func durableIdempotencyStore(policy: IdempotencyPolicy) -> (any IdempotencyStore)? {
        if let recordable = self as? any IdempotencyRecordable {
            return recordable.makeIdempotencyStore(policy: policy)
        }
        return (self as? any SessionStoreWrapper)?.base.durableIdempotencyStore(policy: policy)
    }
}

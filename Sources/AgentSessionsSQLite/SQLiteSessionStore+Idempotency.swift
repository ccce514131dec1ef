import AgentSessions
public import AgentSessionsIdempotency

extension SQLiteSessionStore: IdempotencyRecordable {
    /// The store's `Idempotency-Key` records, in its own database file: they survive a restart,
    /// and processes that share the file share them.
    ///
    /// Claims, answers and releases are write transactions of the store's writer; a claim
    /// reads and writes its key's row in one transaction, so of concurrent claims of one key
    /// exactly one proceeds. Rows past their time are deleted by
    /// `IdempotencyStore/removeExpired(now:)` (one statement on the expiry index).
    /// - Parameter policy: The window, the claim timeout and the cleanup interval.
    /// - Returns: The records; never `nil`.
    public func makeIdempotencyStore(policy: IdempotencyPolicy) -> (any IdempotencyStore)? {
        SQLiteIdempotencyStore(database: database, policy: policy)
    }
}

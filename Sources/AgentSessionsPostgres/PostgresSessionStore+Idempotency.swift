import AgentSessions
public import AgentSessionsIdempotency

extension PostgresSessionStore: IdempotencyRecordable {
    /// The store's `Idempotency-Key` records, in its schema's `idempotency_keys` table: they
    /// survive a restart, and every server on the database shares them, so a retry sent to
    /// another server is answered from the first answer.
    ///
    /// A claim is one statement (`INSERT … ON CONFLICT … DO UPDATE … WHERE` the row no longer
    /// counts); of concurrent claims of one key, from any servers, exactly one proceeds. Rows
    /// past their time are deleted by `IdempotencyStore/removeExpired(now:)` (one statement
    /// on the expiry index; any server may run it).
    /// - Parameter policy: The window, the claim timeout and the cleanup interval.
    /// - Returns: The records; never `nil`.
    public func makeIdempotencyStore(policy: IdempotencyPolicy) -> (any IdempotencyStore)? {
        PostgresIdempotencyStore(database: database, policy: policy)
    }
}

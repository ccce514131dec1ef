public import AgentSessions

/// An ``IdempotencyStore`` in memory: answers are replayed for a window (24 hours by default)
/// and forgotten when the process ends; ``removeExpired(now:)`` bounds the memory by the window.
///
/// It serves stores that keep no records of their own (in memory, files) and tests. Records are
/// seen by this process alone: servers that share one database need that database's records
/// (`SessionStore/durableIdempotencyStore(policy:)`).
///
/// ```swift
/// let idempotency = InMemoryIdempotencyStore(policy: IdempotencyPolicy(window: .seconds(3600)))
/// ```
public actor InMemoryIdempotencyStore: IdempotencyStore {
    private let policy: IdempotencyPolicy
    private var records: [IdempotencyKey: IdempotencyRecord] = [:]

    /// Creates an empty store.
    /// - Parameter policy: The window, the claim timeout and the cleanup interval. Defaults to
    ///   `IdempotencyPolicy()`: 24 hours, 5 minutes, 1 minute.
    public init(policy: IdempotencyPolicy = IdempotencyPolicy()) {
        self.policy = policy
    }

    /// Claims a key, or tells how to answer instead; never throws.
    public func begin(_ key: IdempotencyKey, fingerprint: String, now: Timestamp) -> IdempotencyStart {
        if let start = records[key]?.start(for: fingerprint, now: now) { return start }
        records[key] = .claim(fingerprint: fingerprint, now: now, policy: policy)
        return .proceed
    }

    /// Records the answer of a claimed key; never throws.
    public func finish(_ key: IdempotencyKey, response: StoredResponse, now: Timestamp) {
        guard var record = records[key], record.response == nil else { return }
        record.response = response
        record.expiresAt = IdempotencyRecord.answerExpiry(now: now, policy: policy)
        records[key] = record
    }

    /// Releases a claimed key; never throws.
    public func abandon(_ key: IdempotencyKey) {
        guard records[key]?.response == nil else { return }
        records[key] = nil
    }

    /// Deletes the records that no longer count; never throws.
    @discardableResult
    public func removeExpired(now: Timestamp) -> Int {
        let before = records.count
        records = records.filter { $0.value.counts(at: now) }
        return before - records.count
    }
}

import AgentSessions
public import AgentSessionsIdempotency

extension EncryptedSessionStore: IdempotencyRecordable {
    /// The `Idempotency-Key` records of the wrapped store, with the answer bodies of encrypted
    /// apps sealed with the keyring (AES-256-GCM, bound to the app and the key), since an
    /// answer can hold a session's state; status and headers stay in the clear.
    /// - Parameter policy: The window, the claim timeout and the cleanup interval.
    /// - Returns: The sealing records, or `nil` when the wrapped store keeps none (a server then
    ///   keeps them in memory, where nothing is at rest).
    public func makeIdempotencyStore(policy: IdempotencyPolicy) -> (any IdempotencyStore)? {
        base.durableIdempotencyStore(policy: policy).map(sealing)
    }

    /// `records` (the `Idempotency-Key` records of the wrapped store's storage) with the answer
    /// bodies of encrypted apps sealed with this store's keyring, as
    /// ``makeIdempotencyStore(policy:)`` seals them; for a server given its records explicitly.
    ///
    /// ```swift
    /// let sqlite = try SQLiteSessionStore()
    /// let store = EncryptedSessionStore(sqlite, configuration: encryption)
    /// let records = sqlite.makeIdempotencyStore(policy: IdempotencyPolicy()).map(store.sealing)
    /// ```
    public func sealing(_ records: any IdempotencyStore) -> any IdempotencyStore {
        SealedIdempotencyStore(base: records, cipher: cipher, apps: configuration.apps)
    }
}

public import AgentSessions

/// Where the answers to requests sent with an `Idempotency-Key` header are kept, so that a
/// retried request gets the first answer and stores nothing new.
///
/// A key is scoped to one app. A server calls ``begin(_:fingerprint:now:)`` before the work,
/// then ``finish(_:response:now:)`` with a successful answer, or ``abandon(_:)`` after a failure
/// (failures are not replayed: a retry runs again).
///
/// ```swift
/// let records: any IdempotencyStore = store.durableIdempotencyStore(policy: IdempotencyPolicy())
///     ?? InMemoryIdempotencyStore()
/// let key = IdempotencyKey(app: "default", value: "create-7f3a")
/// switch try await records.begin(key, fingerprint: digest, now: clock.now()) {
/// case .proceed:
///     let answer = try await doTheWork()
///     try await records.finish(key, response: answer, now: clock.now())
/// case .replay(let answer): send(answer)
/// case .mismatch, .inProgress: refuse()
/// }
/// ```
///
/// Implementations keep the rules of ``IdempotencyPolicy``: an answer is replayed for
/// ``IdempotencyPolicy/window``; a claim that was neither finished nor abandoned within
/// ``IdempotencyPolicy/claimTimeout`` (its process died) may be claimed again. ``begin(_:fingerprint:now:)``
/// is atomic: of any number of concurrent claims of one new key (from one process, or from
/// every process sharing the storage), exactly one gets ``IdempotencyStart/proceed``. Records
/// past their time no longer count, and ``removeExpired(now:)`` deletes them (a server runs
/// ``IdempotencyCleanupService`` for that). Times are the `now` arguments, never a clock of the
/// store's own, so tests move time by passing it.
public protocol IdempotencyStore: Sendable {
    /// Claims a key for a request, or tells how the request must be answered instead.
    /// - Parameters:
    ///   - key: The app and the client's key.
    ///   - fingerprint: A digest of the request (method, path, query, body).
    ///   - now: The current time, for the replay window and the claim timeout.
    /// - Returns: Whether to do the work, or the answer to give instead.
    /// - Throws: `SessionStoreError` (unavailable) when the records cannot be read or
    ///   written; `CancellationError`.
    func begin(_ key: IdempotencyKey, fingerprint: String, now: Timestamp) async throws -> IdempotencyStart

    /// Records the answer of a claimed key; it is replayed from now on, for the window.
    ///
    /// Does nothing when the key is not claimed (its claim was abandoned, or went stale and
    /// was claimed again).
    /// - Parameters:
    ///   - key: The key ``begin(_:fingerprint:now:)`` answered ``IdempotencyStart/proceed`` for.
    ///   - response: The answer to replay.
    ///   - now: The current time, from which the window runs.
    /// - Throws: `SessionStoreError` (unavailable) when the answer cannot be written;
    ///   `CancellationError`.
    func finish(_ key: IdempotencyKey, response: StoredResponse, now: Timestamp) async throws

    /// Releases a claimed key without an answer, so that a retry runs again.
    ///
    /// Does nothing when the key is not claimed or already answered.
    /// - Parameter key: The key ``begin(_:fingerprint:now:)`` answered ``IdempotencyStart/proceed`` for.
    /// - Throws: `SessionStoreError` (unavailable) when the claim cannot be removed (it then
    ///   blocks its key until the claim timeout); `CancellationError`.
    func abandon(_ key: IdempotencyKey) async throws

    /// Deletes the records that no longer count at `now`: answers past the window, claims past
    /// the claim timeout. Records that count are never touched.
    /// - Parameter now: The current time.
    /// - Returns: How many records were deleted.
    /// - Throws: `SessionStoreError` (unavailable) when the records cannot be written;
    ///   `CancellationError`.
    @discardableResult
    func removeExpired(now: Timestamp) async throws -> Int
}

import AgentSessions
public import AgentSessionsIdempotency
import Testing

extension IdempotencyStoreConformance {
    /// Checks that records past their time leave the storage of a durable store: an answer past
    /// the window and a claim past the claim timeout (left by a process that died) are deleted
    /// by `AgentSessions/IdempotencyStore/removeExpired(now:)`; a later claim stays.
    ///
    /// What a store keeps is visible only through its storage, so the caller reads it:
    ///
    /// ```swift
    /// try await IdempotencyStoreConformance.checkOldRecordsAreDeleted(records) {
    ///     try queue.read { db in try String.fetchAll(db, sql: "SELECT key FROM idempotency_keys ORDER BY key") }
    /// }
    /// ```
    /// - Parameters:
    ///   - records: A fresh store made with ``policy``.
    ///   - storedKeys: Reads the key values of the records in the storage, sorted.
    public static func checkOldRecordsAreDeleted(
        _ records: any IdempotencyStore,
        storedKeys: () async throws -> [String]
    ) async throws {
        let now = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)
        let answered = IdempotencyKey(app: "default", value: "answered")
        #expect(try await records.begin(answered, fingerprint: "f", now: now) == .proceed)
        try await records.finish(answered, response: StoredResponse(status: 201, headers: [:], body: []), now: now)
        let left = IdempotencyKey(app: "default", value: "left-by-a-crash")
        #expect(try await records.begin(left, fingerprint: "f", now: now) == .proceed)
        #expect(try await storedKeys() == ["answered", "left-by-a-crash"])
        let later = IdempotencyKey(app: "default", value: "later")
        let past = now.advanced(by: policy.window)
        #expect(try await records.begin(later, fingerprint: "f", now: past) == .proceed)
        #expect(try await storedKeys() == ["answered", "later", "left-by-a-crash"], "a claim deletes nothing")
        #expect(try await records.removeExpired(now: past) == 2)
        #expect(try await storedKeys() == ["later"], "only the new claim is left")
    }
}

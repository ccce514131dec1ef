import AgentSessions
import AgentSessionsEncryption
import Testing

/// Statistics of an encrypted app: every count as the wrapped store gives it, and `itemBytes`
/// the bytes stored, which are the sealed envelopes and not the plaintext.
@Suite("EncryptedSessionStore statistics")
struct EncryptedSessionStoreStatisticsTests {
    @Test func countsAreForwardedAndBytesAreTheStoredOnes() async throws {
        let base = InMemorySessionStore()
        let store = try TestKeys.store(over: base, keys: [try TestKeys.key("k1", fill: 1)])
        let key = SessionKey("s-1")
        try await store.create(NewSession(id: key.id))
        try await store.append([NewItem(try JSONDocument(validating: #"{"a":"12345"}"#)), NewItem(["b": 1])], to: key)
        try await store.finalize(key, outcome: .completed)

        let stats = try await store.statistics(app: SessionKey.defaultApp)
        #expect(stats == (try await base.statistics(app: SessionKey.defaultApp)))
        #expect(stats.sessionCount == 1 && stats.itemCount == 2)
        #expect(stats.countsByOutcome == [.completed: 1])
        let stored = try await base.items(of: key, .all).map(\.content.byteCount).reduce(0, +)
        #expect(stats.itemBytes == stored)
        #expect(stats.itemBytes > 13 + 7, "the sealed items are larger than their plaintext")
    }
}

import AgentSessions
import AgentSessionsEncryption
import Testing

/// Wrong keys, missing keys, rotation, values moved between sessions, and apps left alone.
@Suite("EncryptedSessionStore keys")
struct EncryptedSessionStoreKeyTests {
    let base = InMemorySessionStore()
    let key = SessionKey("s-1")

    /// A session with a marked item and state, written with `keys`.
    private func seed(with keys: [EncryptionKeyring.Key]) async throws {
        let store = try TestKeys.store(over: base, keys: keys)
        try await store.create(NewSession(id: key.id, state: ["note": .string(plaintextMarker)]))
        try await store.append([NewItem(["text": .string(plaintextMarker)])], to: key)
    }

    /// The key id in the raw stored value of each item.
    private func storedKeyIDs() async throws -> [String] {
        try await base.items(of: key, .all).map { item in
            let sealed = try #require(try item.content.object()["$enc"]?.stringValue)
            return String(sealed.split(separator: ":")[1])
        }
    }

    @Test func aWrongKeyIsAClearErrorAndNoGarbage() async throws {
        try await seed(with: [try TestKeys.key("k1", fill: 1)])
        let wrong = try TestKeys.store(over: base, keys: [try TestKeys.key("k1", fill: 9)])

        let error = try await #require(throws: SessionStoreError.self) { _ = try await wrong.items(of: key, .all) }
        #expect(error.code == .corrupted)
        #expect(error.message.contains("item 1 of session 's-1'"))
        #expect(error.message.contains("key 'k1'"))
        #expect(!error.description.contains(plaintextMarker))

        let stateError = try await #require(throws: SessionStoreError.self) { _ = try await wrong.session(key) }
        #expect(stateError.code == .corrupted)
        #expect(stateError.message.contains("state key 'note' of session 's-1'"))
        await #expect(throws: SessionStoreError.self) { _ = try await wrong.list(SessionQuery()) }
        await #expect(throws: SessionStoreError.self) { _ = try await wrong.popLastItem(of: key) }
    }

    @Test func aKeyMissingFromTheRingIsNamed() async throws {
        try await seed(with: [try TestKeys.key("old", fill: 1)])
        let other = try TestKeys.store(over: base, keys: [try TestKeys.key("new", fill: 2)])
        let error = try await #require(throws: SessionStoreError.self) { _ = try await other.items(of: key, .all) }
        #expect(error.code == .corrupted)
        #expect(error.message.contains("key 'old', which is not in the keyring"))
    }

    @Test func rotationKeepsOldDataReadableAndWritesWithTheNewKey() async throws {
        let keyA = try TestKeys.key("a", fill: 1)
        let keyB = try TestKeys.key("b", fill: 2)
        try await seed(with: [keyA])
        let rotated = try TestKeys.store(over: base, keys: [keyB, keyA])

        try await rotated.append([NewItem(["text": "after rotation"])], to: key)
        try await rotated.update(key, SessionUpdate(state: ["fresh": 2]))
        #expect(try await storedKeyIDs() == ["a", "b"])
        #expect(
            try await rotated.items(of: key, .all).map { try $0.content.object() } == [
                ["text": .string(plaintextMarker)], ["text": "after rotation"],
            ]
        )
        let session = try #require(try await rotated.session(key))
        #expect(session.state == ["note": .string(plaintextMarker), "fresh": 2])
        let rawFresh = try #require(try await base.session(key)?.state["fresh"]?.objectValue?["$enc"]?.stringValue)
        #expect(rawFresh.hasPrefix("v1:b:"))

        // Dropping A before re-encrypting loses what A encrypted, with a clear error.
        let withoutA = try TestKeys.store(over: base, keys: [keyB])
        await #expect(throws: SessionStoreError.self) { _ = try await withoutA.items(of: key, .all) }
    }

    @Test func aValueMovedToAnotherSessionDoesNotDecrypt() async throws {
        let keys = [try TestKeys.key("k1", fill: 1)]
        try await seed(with: keys)
        let store = try TestKeys.store(over: base, keys: keys)
        let thief = SessionKey("s-2")
        try await store.create(NewSession(id: thief.id))
        let stolen = try await base.items(of: key, .all)[0].content
        try await base.append([NewItem(stolen)], to: thief)
        let moved = try await #require(throws: SessionStoreError.self) { _ = try await store.items(of: thief, .all) }
        #expect(moved.code == .corrupted)
        #expect(moved.message.contains("encrypted for session 's-1'"))

        // Relabelling the envelope with the new session does not help: the associated data differs.
        var relabelled = try stolen.object()
        relabelled["$session"] = .string(thief.id.rawValue)
        try await base.append([NewItem(relabelled)], to: thief)
        let forged = try await #require(throws: SessionStoreError.self) {
            _ = try await store.items(of: thief, ItemQuery(after: 1))
        }
        #expect(forged.message.contains("does not decrypt with key 'k1'"))

        // State copied into another session does not decrypt either.
        let stolenState = try #require(try await base.session(key)?.state["note"])
        try await base.update(thief, SessionUpdate(state: ["note": stolenState]))
        await #expect(throws: SessionStoreError.self) { _ = try await store.session(thief) }
    }

    @Test func aForkReadsItsSourcesValues() async throws {
        let keys = [try TestKeys.key("k1", fill: 1)]
        try await seed(with: keys)
        let store = try TestKeys.store(over: base, keys: keys)
        try await store.append([NewItem(["n": 2])], to: key)
        let fork = try await store.fork(key, through: 1, as: "branch")
        #expect(fork.state == ["note": .string(plaintextMarker)])
        try await store.append([NewItem(["n": 3])], to: fork.key)
        #expect(
            try await store.items(of: fork.key, .all).map { try $0.content.object() } == [
                ["text": .string(plaintextMarker)], ["n": 3],
            ]
        )
    }

    @Test func otherAppsPassThroughUntouched() async throws {
        let store = try TestKeys.store(over: base, keys: [try TestKeys.key("k1", fill: 1)], apps: ["secret"])
        let plain = SessionKey("p-1", app: "open")
        try await store.create(NewSession(id: plain.id, app: plain.app, state: ["note": "visible"]))
        try await store.append([NewItem(["text": "visible"])], to: plain)
        #expect(try await base.items(of: plain, .all).map(\.content.text) == [#"{"text":"visible"}"#])
        #expect(try await base.session(plain)?.state == ["note": "visible"])
        #expect(store.isEncrypted("secret"))
        #expect(!store.isEncrypted("open"))
    }

    @Test func plaintextWrittenBeforeEncryptionStaysReadable() async throws {
        try await base.create(NewSession(id: key.id, state: ["note": "old"]))
        try await base.append([NewItem(["text": "old"])], to: key)
        let store = try TestKeys.store(over: base, keys: [try TestKeys.key("k1", fill: 1)])
        #expect(try await store.items(of: key, .all).map(\.content.text) == [#"{"text":"old"}"#])
        #expect(try await store.session(key)?.state == ["note": "old"])
    }
}

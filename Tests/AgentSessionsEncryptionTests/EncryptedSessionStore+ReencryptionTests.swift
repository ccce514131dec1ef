import AgentSessions
import AgentSessionsEncryption
import AgentSessionsExport
import Testing

/// Re-encrypting under the current key, so an old key can leave the ring: export the app through
/// a ring that still holds the old key, import it into a fresh store whose ring holds only the
/// new one.
@Suite("EncryptedSessionStore re-encryption")
struct EncryptedSessionStoreReencryptionTests {
    @Test func exportAndImportMoveEverythingToTheCurrentKey() async throws {
        let keyA = try TestKeys.key("a", fill: 1)
        let keyB = try TestKeys.key("b", fill: 2)
        let oldBase = InMemorySessionStore()
        let key = SessionKey("s-1")
        let writtenWithA = try TestKeys.store(over: oldBase, keys: [keyA])
        try await writtenWithA.create(NewSession(id: key.id, userID: "ana", state: ["note": "n", "user:tier": "gold"]))
        try await writtenWithA.append([NewItem(["text": .string(plaintextMarker)], itemID: "m-1")], to: key)

        var lines: [String] = []
        try await SessionExporter().export(from: TestKeys.store(over: oldBase, keys: [keyB, keyA])) { lines.append($0) }
        let newBase = InMemorySessionStore()
        let onlyB = try TestKeys.store(over: newBase, keys: [keyB])
        var importer = SessionImporter(into: onlyB)
        var problems: [ImportProblem] = []
        for (index, line) in lines.joined(separator: "\n").split(separator: "\n").enumerated() {
            problems += try await importer.read(String(line), number: index + 1)
        }
        problems += try await importer.finish()
        #expect(problems.isEmpty)

        #expect(try await onlyB.items(of: key, .all).map(\.content.text) == [#"{"text":"\#(plaintextMarker)"}"#])
        #expect(try await onlyB.session(key)?.state == ["note": "n", "user:tier": "gold"])
        let raw =
            try await newBase.items(of: key, .all).map(\.content.text).joined()
            + "\(try await newBase.session(key)?.state ?? [:])"
        #expect(raw.contains("v1:b:") && !raw.contains("v1:a:") && !raw.contains(plaintextMarker))
    }
}

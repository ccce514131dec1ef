import AgentSessions
import AgentSessionsEncryption
import AgentSessionsFiles
import AgentSessionsSQLite
import AgentSessionsTesting
import Foundation
import Testing

/// What reaches the disk: the raw bytes of the SQLite database (and its write-ahead log) and
/// of the file store's folders hold none of the plaintext of an encrypted app.
@Suite("EncryptedSessionStore at rest")
struct EncryptedSessionStoreAtRestTests {
    /// An item and state holding the marker, in every state scope.
    static let item = #"{"role":"user","content":"card 4242 \#(plaintextMarker)","n":1.50,"ok":true}"#
    static let state: JSONObject = [
        "note": .string("session \(plaintextMarker)"),
        "app:policy": .string("app \(plaintextMarker)"),
        "user:profile": ["name": .string("user \(plaintextMarker)"), "age": 41],
    ]

    /// Writes the marked session and item through `store`, and checks they read back exactly.
    private func writeAndReadBack(_ store: any SessionStore) async throws {
        let key = SessionKey("s-1")
        try await store.create(NewSession(id: key.id, userID: "ana", state: Self.state))
        try await store.append([NewItem(try JSONDocument(validating: Self.item), itemID: "m-1")], to: key)
        try await store.update(key, SessionUpdate(state: ["later": .string("delta \(plaintextMarker)")]))

        let items = try await store.items(of: key, .all)
        #expect(items.map(\.content.text) == [Self.item], "the exact JSON text comes back")
        #expect(items.first?.itemID == "m-1")
        let session = try #require(try await store.session(key))
        var expected = Self.state
        expected["later"] = .string("delta \(plaintextMarker)")
        #expect(session.state == expected)
    }

    @Test func sqliteFileAndWALHoldNoPlaintext() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            let sqlite = try SQLiteSessionStore(configuration: .init(location: .file(path)))
            try await writeAndReadBack(try TestKeys.store(over: sqlite, keys: [try TestKeys.key("k1", fill: 7)]))

            let files = [path, path + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }
            #expect(files.contains(path + "-wal"), "the write-ahead log is checked too")
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(!bytes.contains(text: plaintextMarker), "\(file) holds plaintext")
            }
            #expect(try bytesOfFiles(under: directory).contains(text: "v1:k1:"), "the sealed values are there")
        }
    }

    @Test func sqliteWithoutEncryptionWouldShowTheMarker() async throws {
        // The control: the same search finds the marker when the app is not encrypted.
        try await TemporaryDirectory.with { directory in
            let sqlite = try SQLiteSessionStore(configuration: .init(location: .file(directory + "/sessions.sqlite")))
            try await writeAndReadBack(
                try TestKeys.store(over: sqlite, keys: [try TestKeys.key("k1", fill: 7)], apps: ["another-app"])
            )
            #expect(try bytesOfFiles(under: directory).contains(text: plaintextMarker))
        }
    }

    @Test func fileStoreFoldersHoldNoPlaintext() async throws {
        try await TemporaryDirectory.with { directory in
            let files = try FileSessionStore(configuration: .init(directory: directory))
            try await writeAndReadBack(try TestKeys.store(over: files, keys: [try TestKeys.key("k1", fill: 7)]))

            let bytes = try bytesOfFiles(under: directory)
            #expect(!bytes.isEmpty)
            #expect(!bytes.contains(text: plaintextMarker))
            #expect(bytes.contains(text: "v1:k1:"))
        }
    }

    @Test func fileStoreWithoutEncryptionWouldShowTheMarker() async throws {
        try await TemporaryDirectory.with { directory in
            let files = try FileSessionStore(configuration: .init(directory: directory))
            try await writeAndReadBack(files)
            #expect(try bytesOfFiles(under: directory).contains(text: plaintextMarker))
        }
    }
}

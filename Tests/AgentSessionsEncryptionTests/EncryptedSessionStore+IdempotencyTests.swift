import AgentSessions
import AgentSessionsEncryption
import AgentSessionsIdempotency
import AgentSessionsSQLite
import AgentSessionsTesting
import Foundation
import Testing

/// The `Idempotency-Key` records of an encrypting store: its base's records, with the answer
/// bodies of encrypted apps sealed.
@Suite("EncryptedSessionStore idempotency records")
struct EncryptedSessionStoreIdempotencyTests {
    /// The conformance suite's apps `default`, `one` and `two` are encrypted; `three` is not.
    @Test(arguments: IdempotencyStoreConformance.Check.allCases)
    func conformance(_ check: IdempotencyStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await IdempotencyStoreConformance { policy in
                let sqlite = try SQLiteSessionStore(configuration: .init(location: .file(directory + "/s.sqlite")))
                let store = try TestKeys.store(
                    over: sqlite,
                    keys: [try TestKeys.key("k1", fill: 7)],
                    apps: ["default", "one", "two"]
                )
                return try #require(store.durableIdempotencyStore(policy: policy))
            }.run(check)
        }
    }

    @Test("answer bodies of encrypted apps are sealed at rest, bound to their key; other apps' are not")
    func bodiesAreSealedAtRest() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            let sqlite = try SQLiteSessionStore(configuration: .init(location: .file(path)))
            let encrypted = try TestKeys.store(over: sqlite, keys: [try TestKeys.key("k1", fill: 7)])
            let policy = IdempotencyPolicy()
            let sealed = try #require(encrypted.durableIdempotencyStore(policy: policy))
            let raw = try #require(sqlite.durableIdempotencyStore(policy: policy))
            let now = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)
            let secret = StoredResponse(
                status: 201,
                headers: ["ETag": "\"1\""],
                body: Array(#"{"state":{"card":"\#(plaintextMarker)"}}"#.utf8)
            )
            let visible = StoredResponse(
                status: 201,
                headers: [:],
                body: Array(#"{"state":{"card":"VISIBLE-7F3A"}}"#.utf8)
            )
            let encryptedKey = IdempotencyKey(app: "default", value: "k")
            let plainKey = IdempotencyKey(app: "plain", value: "k")
            for (key, answer) in [(encryptedKey, secret), (plainKey, visible)] {
                #expect(try await sealed.begin(key, fingerprint: "f", now: now) == .proceed)
                try await sealed.finish(key, response: answer, now: now)
                #expect(try await sealed.begin(key, fingerprint: "f", now: now) == .replay(answer), "\(key)")
            }
            guard case .replay(let stored) = try await raw.begin(encryptedKey, fingerprint: "f", now: now) else {
                Issue.record("the encrypted app's answer is kept")
                return
            }
            #expect(String(decoding: stored.body, as: UTF8.self).hasPrefix("v1:k1:"), "sealed with the current key")
            #expect(stored.status == 201 && stored.headers == secret.headers, "status and headers stay in the clear")
            #expect(try await raw.begin(plainKey, fingerprint: "f", now: now) == .replay(visible), "other apps as sent")
            let files = [path, path + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }
            let bytes = try files.reduce(into: Data()) { $0 += try Data(contentsOf: URL(fileURLWithPath: $1)) }
            #expect(!bytes.contains(text: plaintextMarker), "no plaintext of the encrypted app on disk")
            #expect(bytes.contains(text: "VISIBLE-7F3A"), "the disk bytes were read")

            // A sealed body moved to another key of the app does not open.
            let moved = IdempotencyKey(app: "default", value: "moved")
            #expect(try await raw.begin(moved, fingerprint: "f", now: now) == .proceed)
            try await raw.finish(moved, response: stored, now: now)
            let error = await #expect(throws: SessionStoreError.self) {
                try await sealed.begin(moved, fingerprint: "f", now: now)
            }
            #expect(error?.code == .corrupted)
            #expect(error?.message.contains("moved") == true, "the message names the key: \(String(describing: error))")
        }
    }

    @Test("over a store that keeps no records there are none to seal: the server keeps them in memory")
    func noRecordsOverMemory() throws {
        let store = try TestKeys.store(over: InMemorySessionStore(), keys: [try TestKeys.key("k1", fill: 7)])
        #expect(store.durableIdempotencyStore(policy: IdempotencyPolicy()) == nil)
    }
}

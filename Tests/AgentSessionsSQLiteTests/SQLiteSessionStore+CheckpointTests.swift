import AgentSessions
import AgentSessionsSQLite
import AgentSessionsTesting
import Foundation
import Testing

/// Commits go to the write-ahead log; a connection of the store's own copies them into the
/// database file soon after, while the store stays open and without any further write.
@Suite("SQLiteSessionStore checkpoints")
struct SQLiteSessionStoreCheckpointTests {
    @Test func committedPagesReachTheDatabaseFileWithoutTheWriterCheckpointing() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            let store = try SQLiteSessionStore(configuration: .init(location: .file(path)))
            let emptySize = try Self.size(of: path)
            let key = try await store.create(NewSession(id: "grows")).key
            // About 200 pages of items: far below the writer's own checkpoint threshold, so
            // only the background checkpoint can copy them into the database file.
            let content = String(repeating: "x", count: 4_000)
            try await store.append((0..<200).map { NewItem(["text": .string("\(content)\($0)")]) }, to: key)

            let deadline = ContinuousClock.now + .seconds(60)
            var size = try Self.size(of: path)
            while size < emptySize + 200 * 4_000, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                size = try Self.size(of: path)
            }
            #expect(size >= emptySize + 200 * 4_000, "the database file stayed at \(size) bytes")
            #expect(try await store.items(of: key, .all).count == 200)
        }
    }

    private static func size(of path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }
}

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

    @Test func aCheckpointOnDemandLeavesTheFileAloneHoldingEveryWriteAndTheStoreOpen() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            let store = try SQLiteSessionStore(configuration: .init(location: .file(path)))
            let key = try await store.create(NewSession(id: "loaded")).key
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Writes and reads under way while the checkpoint runs.
                group.addTask {
                    for batch in 0..<20 {
                        try await store.append((0..<50).map { NewItem(["n": .int(Int64(batch * 50 + $0))]) }, to: key)
                    }
                }
                group.addTask { _ = try await store.items(of: key, .last(10)) }
                try await group.waitForAll()
            }
            try await store.checkpoint()
            #expect(try Self.size(of: path + "-wal") == 0, "the log is empty after the checkpoint")

            let copy = directory + "/copy"
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: false)
            try FileManager.default.copyItem(atPath: path, toPath: copy + "/sessions.sqlite")
            let copied = try SQLiteSessionStore(configuration: .init(location: .file(copy + "/sessions.sqlite")))
            #expect(try await copied.items(of: key, .all).count == 1_000, "the file alone holds every item")
            try await copied.close()

            try await store.append([NewItem(["n": .int(1_000)])], to: key)
            #expect(try await store.items(of: key, .all).count == 1_001, "the store stays open for writes")
            try await store.close()
        }
    }

    @Test func aCheckpointInMemoryDoesNothing() async throws {
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        let key = try await store.create(NewSession(id: "kept")).key
        try await store.checkpoint()
        #expect(try await store.session(key)?.id == key.id)
    }

    private static func size(of path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }
}

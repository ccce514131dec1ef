import AgentSessions
import AgentSessionsTesting
import Foundation
import GRDB
import Testing

@testable import AgentSessionsSQLite

/// Closing folds the write-ahead log back into the database file; while open, the log is cut
/// back to its limit once a checkpoint has copied it.
@Suite("SQLiteSessionStore closing")
struct SQLiteSessionStoreClosingTests {
    private func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    @Test func closingLeavesTheDatabaseFileAloneHoldingEveryItem() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            let store = try SQLiteSessionStore.file(in: directory)
            let key = try await store.create(NewSession(id: "kept")).key
            for batch in 0..<20 {
                try await store.append((0..<100).map { NewItem(["n": .int(Int64(batch * 100 + $0))]) }, to: key)
            }
            #expect(size(path + "-wal") > 0, "the items sit in the log before the close")
            try await store.close()
            try await store.close()
            #expect(size(path + "-wal") == 0, "the log is empty or gone after the close")
            let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            #expect(left == ["sessions.sqlite"], "the -wal and -shm files are removed")
            await #expect(throws: SessionStoreError.self) { try await store.session(key) }

            let copy = directory + "/copy"
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: false)
            try FileManager.default.copyItem(atPath: path, toPath: copy + "/sessions.sqlite")
            let reopened = try SQLiteSessionStore.file(in: copy)
            #expect(try await reopened.items(of: key, .all).count == 2000, "a copy of the file alone holds them all")
            try await reopened.close()
        }
    }

    @Test func theLogIsEmptiedOnceWritesPause() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            let store = try SQLiteSessionStore.file(in: directory)
            let key = try await store.create(NewSession(id: "busy")).key
            // A reader that keeps its snapshot stops every checkpoint short of the log's end, so
            // the log grows past its limit as under writes that never pause.
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true
            let reader = try DatabaseQueue(path: path, configuration: configuration)
            try await reader.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN")
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM items")
            }
            let text = String(repeating: "x", count: 10_000)
            var written = 0
            while size(path + "-wal") <= BackgroundCheckpointer.logSizeLimit + (8 << 20) {
                try await store.append((0..<100).map { _ in NewItem(["text": .string(text)]) }, to: key)
                written += 100
            }
            try await reader.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
            try reader.close()
            // One more write schedules a checkpoint; as no write follows, it empties the log.
            try await store.append([NewItem(["text": "last"])], to: key)
            written += 1
            let deadline = ContinuousClock.now + .seconds(60)
            while size(path + "-wal") > BackgroundCheckpointer.logSizeLimit, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(size(path + "-wal") <= BackgroundCheckpointer.logSizeLimit, "the log is back under 64 MiB")
            #expect(try await store.items(of: key, .all).count == written)
            try await store.close()
        }
    }
}

import AgentSessions
import AgentSessionsTesting
import Foundation
import GRDB
import Testing

@testable import AgentSessionsSQLite

/// What only a file-backed store has: reopening, folders, schema versions, damaged files.
@Suite("SQLiteSessionStore files")
struct SQLiteSessionStoreFileTests {
    @Test func reopeningKeepsEverything() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualWallClock()
            let key = SessionKey("kept", app: "ops")
            var written: Session
            do {
                let store = try SQLiteSessionStore.file(in: directory, clock: clock)
                _ = try await store.create(
                    NewSession(
                        id: key.id,
                        app: key.app,
                        userID: "ana",
                        agentName: "planner",
                        state: ["step": 1, "app:region": "eu", "user:theme": "dark"],
                        metadata: ["task": "T1", "flags": [true, 2.5]]
                    )
                )
                _ = try await store.append(
                    [NewItem(["n": 1], itemID: "a"), NewItem(["n": 2], itemID: "b"), NewItem(["n": 3])],
                    to: key
                )
                _ = try await store.popLastItem(of: key)
                clock.advance(by: .seconds(5))
                _ = try await store.update(key, SessionUpdate(phase: .planning, isResumeReady: true))
                written = try await store.update(key, .recordError("timeout"))
            }
            let reopened = try SQLiteSessionStore.file(in: directory, clock: clock)
            let read = try #require(try await reopened.session(key))
            #expect(read == written)
            #expect(read.state == ["step": 1, "app:region": "eu", "user:theme": "dark"])
            #expect(read.phaseHistory.map(\.to) == [.planning])
            #expect(read.lastSequence == 3)
            let items = try await reopened.items(of: key, .all)
            #expect(items.map(\.sequence) == [1, 2])
            #expect(items.map(\.itemID) == ["a", "b"])
            #expect(try items[1].content.object() == ["n": 2])
            // Sequence numbers never rewind, and stored item ids still make retries safe.
            let sequences = try await reopened.append([NewItem(["n": 4]), NewItem(["n": 1], itemID: "a")], to: key)
            #expect(sequences == [4, 1])
        }
    }

    @Test func missingFoldersAreCreated() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/a/b/c/sessions.sqlite"
            let store = try SQLiteSessionStore(configuration: .init(location: .file(path)))
            _ = try await store.create(NewSession(id: "x"))
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func defaultLocationIsTheDotFolder() {
        #expect(SQLiteSessionStore.defaultPath == "./.agent-sessions/sessions.sqlite")
        #expect(SQLiteSessionStore.Configuration().location == .file(SQLiteSessionStore.defaultPath))
        #expect(SQLiteSessionStore.Configuration().options.synchronous == .normal)
    }

    @Test func newerSchemaIsRefused() async throws {
        try await TemporaryDirectory.with { directory in
            _ = try SQLiteSessionStore.file(in: directory)
            let queue = try DatabaseQueue(path: directory + "/sessions.sqlite")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
            }
            try queue.close()
            let error = try #require(throws: SessionStoreError.self) { try SQLiteSessionStore.file(in: directory) }
            #expect(error.code == .incompatibleSchema)
            #expect(error.message.contains("newer AgentSessions"))
            #expect(error.message.contains("v999-from-the-future"))
        }
    }

    @Test func aRefusedNewerDatabaseIsLeftByteForByte() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            do {
                let store = try SQLiteSessionStore.file(in: directory)
                try await store.create(NewSession(id: "kept"))
                try await store.close()
            }
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
            }
            try queue.close()
            let files = FileManager.default
            let listing = try files.contentsOfDirectory(atPath: directory).sorted()
            #expect(listing == ["sessions.sqlite"], "the test starts from a closed database")
            let bytes = try #require(files.contents(atPath: path))
            let modified = try files.attributesOfItem(atPath: path)[.modificationDate] as? Date
            for _ in 0..<2 {
                let error = try #require(throws: SessionStoreError.self) { try SQLiteSessionStore.file(in: directory) }
                #expect(error.code == .incompatibleSchema)
            }
            #expect(files.contents(atPath: path) == bytes, "the refused file is unchanged, byte for byte")
            #expect(try files.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
            #expect(try files.contentsOfDirectory(atPath: directory).sorted() == listing, "no -wal or -shm was left")
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefused() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/notes.sqlite"
            let text = String(repeating: "these are not the sessions you are looking for\n", count: 200)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let error = try #require(throws: SessionStoreError.self) {
                try SQLiteSessionStore(configuration: .init(location: .file(path)))
            }
            #expect(error.code == .corrupted)
            #expect(error.cause != nil)
            #expect(error.message.contains(path))
        }
    }

    @Test func aFolderInPlaceOfTheFileIsUnavailable() async throws {
        try await TemporaryDirectory.with { directory in
            let error = try #require(throws: SessionStoreError.self) {
                try SQLiteSessionStore(configuration: .init(location: .file(directory)))
            }
            #expect(error.code == .unavailable)
        }
    }

    @Test(arguments: SQLiteSessionStore.Configuration.Options.Synchronous.allCases)
    func everyDurabilityLevelWorks(_ level: SQLiteSessionStore.Configuration.Options.Synchronous) async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSessionStore(
                configuration: .init(
                    location: .file(directory + "/s.sqlite"),
                    options: .init(synchronous: level)
                )
            )
            let session = try await store.create(NewSession())
            #expect(try await store.append([NewItem(["n": 1])], to: session.key) == [1])
            let applied = try await store.database.writer.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA synchronous")
            }
            let expected = ["OFF": 0, "NORMAL": 1, "FULL": 2][level.rawValue.uppercased()]
            #expect(applied == expected, "the writer runs with synchronous=\(level.rawValue)")
        }
    }

    /// The page cache of every connection, readers and writer, is the configured size in KiB;
    /// any `Int` is taken, cut to what SQLite holds.
    @Test(arguments: [
        (64 << 20, -65_536), (2000 << 10, -2000), (0, 0), (1023, 0), (-1, 0), (Int.min, 0), (Int.max, -Int(Int32.max)),
    ])
    func thePageCacheIsTheConfiguredSize(bytes: Int, pragma: Int) async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSessionStore(
                configuration: .init(location: .file(directory + "/s.sqlite"), options: .init(pageCacheBytes: bytes))
            )
            let session = try await store.create(NewSession())
            #expect(try await store.append([NewItem(["n": 1])], to: session.key) == [1])
            #expect(try await store.items(of: session.key, .all).count == 1)
            let writer = try await store.database.writer.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA cache_size")
            }
            let reader = try await store.database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
            #expect(
                writer == pragma && reader == pragma,
                "writer \(String(describing: writer)), reader \(String(describing: reader))"
            )
        }
        #expect(SQLiteSessionStore.Configuration().options.pageCacheBytes == 2000 << 10, "SQLite's own default")
    }

    @Test func twoStoresOnOneFileSeeEachOthersWrites() async throws {
        try await TemporaryDirectory.with { directory in
            let first = try SQLiteSessionStore.file(in: directory)
            let second = try SQLiteSessionStore.file(in: directory)
            let session = try await first.create(NewSession(id: "shared"))
            #expect(try await second.append([NewItem(["n": 1])], to: session.key) == [1])
            #expect(try await first.items(of: session.key, .all).count == 1)
            await #expect(throws: SessionStoreError.self) { try await second.create(NewSession(id: "shared")) }
        }
    }

    @Test func cancellationPassesThrough() async throws {
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        let task = Task { () async throws -> Session in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await store.create(NewSession())
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await store.list(SessionQuery()).sessions.isEmpty)
    }
}

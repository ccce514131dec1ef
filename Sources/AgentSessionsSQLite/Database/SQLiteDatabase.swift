import AgentSessions
import Foundation
import GRDB
import Synchronization

/// The store's connections: a WAL `DatabasePool` for a file (one writer, concurrent readers),
/// or a `DatabaseQueue` in memory. Every access goes through the methods of
/// `SQLiteDatabase+Access.swift`, which turn GRDB and SQLite errors into ``SessionStoreError``s.
final class SQLiteDatabase: Sendable {
    /// The connections.
    let writer: any DatabaseWriter
    /// Where the database is, for messages: `at ./x.sqlite` or `in memory`.
    let location: String
    /// How many operations are using the writer connection or waiting for it.
    let writerUses = Atomic<Int>(0)
    /// The writes waiting for the writer connection, committed in groups.
    let groupCommit = GroupCommitQueue()
    /// Whether a write that finds the writer idle runs on the calling thread.
    let writesOnCallingThread: Bool
    /// Copies the write-ahead log into the database file after commits; `nil` in memory.
    let checkpointer: BackgroundCheckpointer?
    /// The database's indexes of metadata keys, by key: the declared ones and any made by an
    /// earlier opening (``SQLiteSchema/prepareMetadataIndexes(_:in:)``).
    let metadataIndexes: [String: MetadataIndex]
    /// Whether ``close()`` ran.
    private let isClosed = Atomic<Bool>(false)

    private init(
        writer: any DatabaseWriter,
        location: String,
        writesOnCallingThread: Bool,
        checkpointer: BackgroundCheckpointer?,
        metadataIndexes: [String: MetadataIndex]
    ) {
        self.writer = writer
        self.location = location
        self.writesOnCallingThread = writesOnCallingThread
        self.checkpointer = checkpointer
        self.metadataIndexes = metadataIndexes
    }

    /// Opens (creating if needed) and migrates the database of a configuration, and creates the
    /// indexes of its declared metadata keys that are missing.
    /// - Throws: ``SessionStoreError``: invalid argument (a metadata key that cannot be indexed;
    ///   refused before the file is touched), incompatible schema (a newer AgentSessions wrote
    ///   the file), corrupted (not a database), unavailable (cannot create or open the file).
    static func open(_ configuration: SQLiteSessionStore.Configuration) throws -> SQLiteDatabase {
        let options = configuration.options
        let declaredIndexes = try options.indexedMetadataKeys.map { key throws(SessionStoreError) in
            try MetadataIndex(key: key)
        }
        var grdb = GRDB.Configuration()
        grdb.label = "AgentSessions"
        grdb.busyMode = .timeout(options.busyTimeout.secondsDouble)
        grdb.maximumReaderCount = max(1, options.maximumReaderCount)
        let cacheSize = options.cacheSizePragmaValue
        grdb.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        let location: String
        do {
            let writer: any DatabaseWriter
            var checkpointer: BackgroundCheckpointer?
            switch configuration.location {
            case .file(let path):
                location = "at \(path)"
                try SQLiteSchema.refuseNewerFile(at: path, describedAs: location)
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let pool = try DatabasePool(path: path, configuration: grdb)
                // The pool sets NORMAL while it enables WAL; apply the configured level afterwards.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = \(options.synchronous.rawValue)")
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = \(BackgroundCheckpointer.writerBackstopPages)")
                }
                writer = pool
                checkpointer = try BackgroundCheckpointer(
                    path: path,
                    configuration: grdb,
                    synchronous: options.synchronous
                )
            case .inMemory:
                location = "in memory"
                writer = try DatabaseQueue(configuration: grdb)
            }
            try SQLiteSchema.prepare(writer, describedAs: location)
            let metadataIndexes = try SQLiteSchema.prepareMetadataIndexes(declaredIndexes, in: writer)
            // A step that alters a table makes SQLite reload the schema, which turns a cache size
            // of 0 back into the default: set it again.
            try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            return SQLiteDatabase(
                writer: writer,
                location: location,
                writesOnCallingThread: options.writesOnCallingThread,
                checkpointer: checkpointer,
                metadataIndexes: metadataIndexes
            )
        } catch {
            throw SQLiteFailure.wrap(
                error,
                while: "open the session database",
                location: configurationLocation(configuration)
            )
        }
    }

    /// Copies the whole write-ahead log into the database file and empties it, while the
    /// background checkpointer waits (two checkpoints at once fail as busy). Does nothing in
    /// memory.
    /// - Throws: ``SessionStoreError`` (unavailable) when the checkpoint fails.
    func checkpoint() async throws {
        guard let pool = writer as? DatabasePool, let checkpointer else { return }
        do {
            try await checkpointer.pausing {
                try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            }
        } catch {
            throw SQLiteFailure.wrap(error, while: "checkpoint the write-ahead log", location: location)
        }
    }

    /// Copies the whole write-ahead log into the database file, empties it, and closes every
    /// connection; SQLite then removes the `-wal` and `-shm` files, so the database file alone
    /// holds the data. Closing twice does nothing more.
    /// - Throws: ``SessionStoreError`` (unavailable) when the checkpoint or a close fails.
    func close() async throws {
        guard isClosed.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged
        else { return }
        do {
            // A background checkpoint under way would make the closing one fail as busy.
            checkpointer?.stop()
            if let pool = writer as? DatabasePool {
                try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
                try pool.close()
            } else if let queue = writer as? DatabaseQueue {
                try queue.close()
            }
            // Last: SQLite removes the log files when the last connection closes, but only if that
            // one may write. The pool closes its writer before its read-only readers, so the
            // checkpointer's connection, which may write, closes after them.
            try checkpointer?.close()
        } catch {
            throw SQLiteFailure.wrap(error, while: "close the session database", location: location)
        }
    }

    private static func configurationLocation(_ configuration: SQLiteSessionStore.Configuration) -> String {
        switch configuration.location {
        case .file(let path): "at \(path)"
        case .inMemory: "in memory"
        }
    }
}

import AgentSessions
import Foundation
import GRDB
import Synchronization

/// The store's connections: a WAL `DatabasePool` for a file (one writer, concurrent readers),
/// or a `DatabaseQueue` in memory. Every access goes through ``read(_:_:)``, ``snapshotRead(_:_:)``
/// or ``write(_:_:)``, which turn GRDB and SQLite errors into ``SessionStoreError``s.
final class SQLiteDatabase: Sendable {
    /// The connections.
    let writer: any DatabaseWriter
    /// Where the database is, for messages: `at ./x.sqlite` or `in memory`.
    let location: String
    /// How many writes are running or waiting for the writer.
    private let writesUnderWay = Atomic<Int>(0)

    private init(writer: any DatabaseWriter, location: String) {
        self.writer = writer
        self.location = location
    }

    /// Opens (creating if needed) and migrates the database of a configuration.
    /// - Throws: ``SessionStoreError``: incompatible schema (a newer AgentSessions wrote the
    ///   file), corrupted (not a database), unavailable (cannot create or open the file).
    static func open(_ configuration: SQLiteSessionStore.Configuration) throws -> SQLiteDatabase {
        let options = configuration.options
        var grdb = GRDB.Configuration()
        grdb.label = "AgentSessions"
        grdb.busyMode = .timeout(options.busyTimeout.secondsDouble)
        grdb.maximumReaderCount = max(1, options.maximumReaderCount)
        let location: String
        do {
            let writer: any DatabaseWriter
            switch configuration.location {
            case .file(let path):
                location = "at \(path)"
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let pool = try DatabasePool(path: path, configuration: grdb)
                // The pool sets NORMAL while it enables WAL; apply the configured level afterwards.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = \(options.synchronous.rawValue)")
                }
                writer = pool
            case .inMemory:
                location = "in memory"
                writer = try DatabaseQueue(configuration: grdb)
            }
            try SQLiteSchema.prepare(writer, describedAs: location)
            return SQLiteDatabase(writer: writer, location: location)
        } catch {
            throw SQLiteFailure.wrap(
                error,
                while: "open the session database",
                location: configurationLocation(configuration)
            )
        }
    }

    private static func configurationLocation(_ configuration: SQLiteSessionStore.Configuration) -> String {
        switch configuration.location {
        case .file(let path): "at \(path)"
        case .inMemory: "in memory"
        }
    }

    /// Reads in one transaction, so that several statements see one snapshot, without
    /// blocking the calling thread: for long reads.
    /// - Parameters:
    ///   - action: What is being done, for the error message ("read session 'x'").
    ///   - body: The reads.
    /// - Throws: What `body` throws if it is a ``SessionStoreError``, `CancellationError` if the
    ///   task is cancelled, any other error wrapped in a ``SessionStoreError``.
    func read<T: Sendable>(
        _ action: @autoclosure () -> String,
        _ body: @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw SQLiteFailure.wrap(error, while: action(), location: location)
        }
    }

    /// Reads on the calling thread without a transaction: for short reads made of a single
    /// statement, or of statements whose results are correct whichever commits happen between
    /// them.
    ///
    /// In WAL mode a read never waits for the writer, so it blocks the calling thread only for
    /// the time SQLite takes to answer (and, on a file, while all reader connections are busy).
    func snapshotRead<T>(_ action: @autoclosure () -> String, _ body: (Database) throws -> T) throws -> T {
        do {
            try Task.checkCancellation()
            return try writer.unsafeRead(body)
        } catch {
            throw SQLiteFailure.wrap(error, while: action(), location: location)
        }
    }

    /// Writes in one immediate transaction: everything `body` does is committed together, or
    /// nothing if it throws.
    ///
    /// When no other write of this store is under way, the write runs on the calling thread,
    /// which saves two thread switches; otherwise it waits for the writer without blocking
    /// the thread.
    func write<T: Sendable>(
        _ action: @autoclosure () -> String,
        _ body: @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            try Task.checkCancellation()
            if writesUnderWay.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
                defer { writesUnderWay.subtract(1, ordering: .releasing) }
                return try Self.writeNow(writer, body)
            }
            writesUnderWay.add(1, ordering: .acquiring)
            defer { writesUnderWay.subtract(1, ordering: .releasing) }
            return try await writer.write(body)
        } catch {
            throw SQLiteFailure.wrap(error, while: action(), location: location)
        }
    }

    /// The blocking write (a synchronous context selects GRDB's synchronous overload).
    private static func writeNow<T>(_ writer: any DatabaseWriter, _ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }
}

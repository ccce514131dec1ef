import AgentSessions
import GRDB
import Synchronization

// How the store reaches its connections.
//
// GRDB's asynchronous accesses cost two thread switches each, more than SQLite itself takes for
// a point read or a small write. So short operations run on the calling thread when that cannot
// make it wait for another operation: a read, or a write when no other operation is using the
// writer connection. Reads then use the idle writer connection (cheaper than taking a reader
// from the pool), or a pool reader when the writer is busy, so readers never wait for writers.
// A write that would wait for another one waits asynchronously instead, and is committed
// together with the other writes waiting then.
extension SQLiteDatabase {
    /// Reads on the calling thread.
    ///
    /// In WAL mode a read never waits for the writer, so it blocks the calling thread only for
    /// the time SQLite takes to answer (and, on a file, while every reader connection is busy).
    /// - Parameters:
    ///   - action: What is being done, for the error message ("read session 'x'").
    ///   - isolated: Whether the statements of `body` must see one snapshot (a transaction);
    ///     a single statement, or statements whose results are correct whichever commits happen
    ///     between them, need none.
    ///   - body: The reads.
    /// - Throws: What `body` throws if it is a ``SessionStoreError``, `CancellationError` if the
    ///   task is cancelled, any other error wrapped in a ``SessionStoreError``.
    func read<T>(
        _ action: @autoclosure () -> String,
        isolated: Bool = false,
        _ body: (Database) throws -> T
    ) throws -> T {
        do {
            try Task.checkCancellation()
            if writerUses.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
                defer { writerUses.subtract(1, ordering: .releasing) }
                return try Self.readOnWriter(writer, isolated: isolated, body)
            }
            return try isolated ? writer.read(body) : writer.unsafeRead(body)
        } catch {
            throw SQLiteFailure.wrap(error, while: action(), location: location)
        }
    }

    /// Writes in one immediate transaction: everything `body` does is committed together, or
    /// nothing if it throws.
    ///
    /// When no other operation is using the writer connection (and the store allows it:
    /// `Options.writesOnCallingThread`), the write runs on the calling thread; otherwise it joins the writes waiting for the writer (without blocking the
    /// thread), which commit together in one transaction, each in a savepoint of its own (see
    /// `GroupCommit.swift`).
    func write<T: Sendable>(
        _ action: @autoclosure () -> String,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            try Task.checkCancellation()
            if writesOnCallingThread,
                writerUses.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged
            {
                defer { writerUses.subtract(1, ordering: .releasing) }
                let value = try Self.writeNow(writer, body)
                checkpointer?.noteCommit()
                return value
            }
            writerUses.add(1, ordering: .acquiring)
            defer { writerUses.subtract(1, ordering: .releasing) }
            let value = try await groupCommit.write(on: writer, body)
            checkpointer?.noteCommit()
            return value
        } catch {
            throw SQLiteFailure.wrap(error, while: action(), location: location)
        }
    }

    /// A read on the idle writer connection. `body` only reads.
    private static func readOnWriter<T>(
        _ writer: any DatabaseWriter,
        isolated: Bool,
        _ body: (Database) throws -> T
    ) throws -> T {
        try writer.writeWithoutTransaction { db in
            isolated ? try inTransaction("BEGIN DEFERRED", db, body) : try body(db)
        }
    }

    /// The blocking write (a synchronous context selects GRDB's synchronous overload).
    private static func writeNow<T>(_ writer: any DatabaseWriter, _ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in try inTransaction("BEGIN IMMEDIATE", db, body) }
    }

    /// Runs `body` in a transaction begun by `begin`, committed if `body` returns and rolled
    /// back if it throws.
    ///
    /// Unlike GRDB's `inTransaction`, which compiles `BEGIN` and `COMMIT` anew every time, this
    /// runs them as cached statements: compiling them took about a tenth of a small write.
    private static func inTransaction<T>(_ begin: String, _ db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.cachedStatement(sql: begin).execute()
        do {
            let result = try body(db)
            try db.cachedStatement(sql: "COMMIT").execute()
            return result
        } catch {
            // Rolls back unless SQLite already did (after some errors, such as a full disk).
            try? db.rollback()
            throw error
        }
    }
}

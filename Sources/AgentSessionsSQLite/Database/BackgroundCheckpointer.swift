import Dispatch
import GRDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Checkpoints off the writer's path.
//
// In WAL mode every commit appends pages to the write-ahead log, and a checkpoint copies them
// back into the database file and syncs it. SQLite's automatic checkpoint runs inside the commit
// that crosses the log's size limit, so that commit, and every write queued behind it, waits
// for the copy and the sync. Here a connection of its own runs a passive checkpoint shortly
// after commits, on a queue of its own: passive checkpoints never block the writer or readers,
// and the writer keeps SQLite's automatic checkpoint only as a backstop with a higher limit.
//
// Durability is unchanged: a commit is in the log before it is acknowledged, whichever
// connection later copies it.

/// Runs passive checkpoints on a connection of its own, shortly after commits.
final class BackgroundCheckpointer: Sendable {
    /// The writer's own automatic checkpoint, in log pages (about 400 MB of 4 KB pages): a
    /// backstop that bounds the log under sustained writes.
    ///
    /// The log starts over only once a checkpoint has copied all of it. Under sustained writes
    /// the background checkpoints never quite reach its end, so the log grows until the writer
    /// checkpoints itself, and that checkpoint (the rest of the copy, and two syncs) holds up
    /// every write queued behind it. Under continuous appends over HTTP, 16,000 pages made this
    /// happen about once a second, and the p99 of appends doubled (22 against 10 ms).
    static let writerBackstopPages = 100_000

    /// The size, in bytes, above which the log file is emptied once writes pause: 64 MiB.
    /// Without it the log keeps the largest size it ever reached. Closing the store empties and
    /// removes it.
    ///
    /// The file is emptied by a checkpoint of this connection (`TRUNCATE`) when no commit came
    /// for ``delay``, not by SQLite's `journal_size_limit`: that cuts the file back in the commit
    /// that starts the log over, on the writer's path, and under continuous appends over HTTP
    /// it raised their p99 from 8.5 to about 90 ms.
    static let logSizeLimit = 64 << 20

    /// How long after a commit the checkpoint runs, so that one checkpoint copies the pages
    /// of many commits (each page once, however often it changed).
    private static let delay = DispatchTimeInterval.milliseconds(50)

    private let connection: DatabaseQueue
    /// The log file, whose size decides whether to empty it.
    private let logPath: String
    private let isScheduled = Atomic<Bool>(false)
    /// Commits noted so far: a checkpoint that finds the count unchanged since it was
    /// scheduled runs while writes pause.
    private let commits = Atomic<UInt64>(0)
    /// Set on the connection's queue before it closes: checkpoints scheduled later do nothing
    /// (a closed connection must not be used).
    private let isClosed = Atomic<Bool>(false)

    /// Opens the checkpointing connection to the database file at `path`, which syncs as the
    /// writer does.
    init(path: String, configuration: Configuration, synchronous: SQLiteSessionStore.Configuration.Options.Synchronous)
        throws
    {
        var configuration = configuration
        configuration.label = "AgentSessions.checkpointer"
        // Never wait for a lock: a TRUNCATE checkpoint that waited for a reader would hold the
        // writer's lock meanwhile, and writes would time out behind it. Without waiting, it
        // takes the writer's lock only when free and, while a reader is on an older snapshot,
        // copies what it can, as a passive checkpoint does.
        configuration.busyMode = .immediateError
        self.connection = try DatabaseQueue(path: path, configuration: configuration)
        self.logPath = path + "-wal"
        try connection.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
        }
    }

    /// Waits for a checkpoint under way to end; checkpoints scheduled afterwards do nothing.
    /// The connection stays open until ``close()``.
    func stop() {
        connection.writeWithoutTransaction { _ in self.isClosed.store(true, ordering: .releasing) }
    }

    /// Runs `body` on the checkpointing connection's queue, where no background checkpoint
    /// runs meanwhile, without blocking the calling task's thread.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    func pausing<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await connection.writeWithoutTransaction { _ in try body() }
    }

    /// Stops checkpoints (see ``stop()``) and closes the checkpointing connection.
    func close() throws {
        stop()
        try connection.close()
    }

    /// Notes that a transaction committed: a checkpoint runs soon unless one is scheduled.
    func noteCommit() {
        commits.add(1, ordering: .relaxed)
        scheduleCheckpoint()
    }

    /// Schedules a checkpoint in ``delay`` unless one is scheduled. One that finds commits made
    /// since it was scheduled schedules the next, so that the pause after the last commit of a
    /// burst is seen.
    private func scheduleCheckpoint() {
        guard isScheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        let count = commits.load(ordering: .relaxed)
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + Self.delay) { [self] in
            // Commits from now on schedule the next checkpoint.
            isScheduled.store(false, ordering: .releasing)
            let writesPaused = commits.load(ordering: .relaxed) == count
            connection.asyncWriteWithoutTransaction { [self] db in
                guard !isClosed.load(ordering: .acquiring) else { return }
                // A failed checkpoint loses nothing: the pages stay in the log for the next one.
                _ = try? db.checkpoint(.passive)
                // While writes pause, a log grown past the limit is emptied. The checkpoint
                // waits for no one: busy (a write or a read under way) leaves it for the next.
                if writesPaused, logSize() > Self.logSizeLimit { _ = try? db.checkpoint(.truncate) }
            }
            if !writesPaused { scheduleCheckpoint() }
        }
    }

    /// The log file's size in bytes; 0 when it cannot be read.
    private func logSize() -> Int {
        var status = stat()
        guard stat(logPath, &status) == 0 else { return 0 }
        return Int(status.st_size)
    }
}

import Dispatch
import GRDB
import Synchronization

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

    /// The size, in bytes, the log is cut back to when it starts over after a checkpoint copied
    /// all of it (SQLite's `journal_size_limit`): 64 MiB. Without it the log keeps the largest
    /// size it ever reached. Closing the store empties and removes it.
    static let logSizeLimit = 64 << 20

    /// How long after a commit the checkpoint runs, so that one checkpoint copies the pages
    /// of many commits (each page once, however often it changed).
    private static let delay = DispatchTimeInterval.milliseconds(50)

    private let connection: DatabaseQueue
    private let isScheduled = Atomic<Bool>(false)
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
        self.connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.logSizeLimit)")
        }
    }

    /// Waits for a checkpoint under way to end; checkpoints scheduled afterwards do nothing.
    /// The connection stays open until ``close()``.
    func stop() throws {
        try connection.writeWithoutTransaction { _ in self.isClosed.store(true, ordering: .releasing) }
    }

    /// Stops checkpoints (see ``stop()``) and closes the checkpointing connection.
    func close() throws {
        try stop()
        try connection.close()
    }

    /// Notes that a transaction committed: a checkpoint runs soon unless one is scheduled.
    func noteCommit() {
        guard isScheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + Self.delay) { [self] in
            // Commits from now on schedule the next checkpoint.
            isScheduled.store(false, ordering: .releasing)
            connection.asyncWriteWithoutTransaction { [self] db in
                guard !isClosed.load(ordering: .acquiring) else { return }
                // A failed checkpoint loses nothing: the pages stay in the log for the next one.
                _ = try? db.checkpoint(.passive)
            }
        }
    }
}

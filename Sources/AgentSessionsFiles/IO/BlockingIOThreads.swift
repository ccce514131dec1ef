import NIOPosix

/// The threads the store's operations run on.
///
/// Every operation blocks its thread: on `flock` while another caller holds the session's lock,
/// and on `fsync` while the disk flushes. On Swift's cooperative pool (a thread per core), a few
/// operations waiting for one busy session, or for a slow disk, would stop every other task of
/// the process, such as the requests of a server on this store. So each operation runs on one
/// of these threads instead, and the calling task waits without holding a thread.
enum BlockingIOThreads {
    /// How many operations run at once; the rest queue. A caller waiting for a session's lock
    /// holds a thread, and callers of one session take turns first (``SessionTurns``), so a busy
    /// session holds one thread and operations on other sessions go on meanwhile.
    static let count = 16

    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: count)
        pool.start()
        return pool
    }()

    /// Runs `body` on one of the threads and returns what it returns.
    /// - Throws: What `body` throws; `CancellationError` if the task is cancelled before
    ///   `body` starts (once started, it runs to the end).
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}

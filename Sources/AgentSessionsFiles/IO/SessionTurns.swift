import AgentSessions

/// Operations of one store on one session, one at a time.
///
/// Every operation holds a thread of ``BlockingIOThreads`` while it waits for its session's
/// lock file. Without turns, fifty callers of one busy session (or of a session another process
/// holds locked) would take all sixteen threads, and operations on every other session would
/// queue behind them. With turns, callers of one session wait here without a thread, and each
/// session holds at most one thread of a store at a time; the lock file still orders the store
/// against other stores and processes. Turns are granted in the order they were asked for.
actor SessionTurns {
    /// The callers waiting for each session that someone holds the turn of.
    private var waiting: [SessionKey: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` when no other caller runs an operation on `session`.
    /// - Parameters:
    ///   - session: The session.
    ///   - body: The operation.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    func take<T: Sendable>(_ session: SessionKey, _ body: @Sendable () async throws -> T) async throws -> T {
        await begin(session)
        defer { end(session) }
        return try await body()
    }

    private func begin(_ session: SessionKey) async {
        guard waiting[session] != nil else {
            waiting[session] = []
            return
        }
        await withCheckedContinuation { waiting[session, default: []].append($0) }
    }

    private func end(_ session: SessionKey) {
        guard var queue = waiting[session], !queue.isEmpty else {
            waiting[session] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[session] = queue
        next.resume()
    }
}

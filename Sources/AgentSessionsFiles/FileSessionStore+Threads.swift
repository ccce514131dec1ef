import AgentSessions

extension FileSessionStore {
    /// Runs an operation on one session on the store's threads (``BlockingIOThreads``), in the
    /// session's turn (``SessionTurns``), so that callers of one busy session never take the
    /// threads that operations on other sessions need.
    func onSession<T: Sendable>(_ key: SessionKey, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await turns.take(key) {
            try await BlockingIOThreads.run(body)
        }
    }
}

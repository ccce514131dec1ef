public import AgentSessions

extension SQLiteSessionStore: Closable {
    /// Closes the database: the write-ahead log is copied into the database file and removed
    /// with the `-shm` file, so that the database file alone holds every acknowledged write
    /// (a copy of it is a complete backup). Operations afterwards fail; closing twice does
    /// nothing more. Call it when nothing else uses the store; `deinit` closes the connections
    /// too, but a process that exits without it leaves the log beside the file.
    /// - Throws: `SessionStoreError` (unavailable) when the log cannot be copied; nothing
    ///   acknowledged is lost then, it stays in the log.
    public func close() async throws {
        try await database.close()
    }
}

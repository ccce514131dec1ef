extension SQLiteSessionStore {
    /// Copies every acknowledged write from the write-ahead log into the database file and
    /// empties the log, leaving the store open.
    ///
    /// The store does this on its own once writes pause (see the storage guide); call it after
    /// a bulk load, so that reads do not share the disk with that copy later, or before copying
    /// the database file while the store stays open. It waits, up to the busy timeout, for
    /// reads that still see an older snapshot; writes wait for it. In memory it does nothing.
    /// - Throws: `SessionStoreError` (unavailable) when the log could not be copied within the
    ///   busy timeout; nothing acknowledged is lost then, it stays in the log.
    public func checkpoint() async throws {
        try await database.checkpoint()
    }
}

public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    /// Stores a compaction in one write transaction, which reads the session's last sequence
    /// number and latest compaction, checks the compaction against them and inserts it; the
    /// items and the session's row (version, last activity) do not change.
    ///
    /// Writes are serialised by the writer, so of two concurrent compactions that reach as far,
    /// one is stored and the other is a version conflict; an append racing a compaction is
    /// stored before or after it, never inside its checks.
    /// - Parameters:
    ///   - compaction: The range, summary, author and token counts.
    ///   - key: The session.
    /// - Returns: The stored compaction, numbered one past the session's latest and stamped
    ///   with the store's clock.
    /// - Throws: `SessionStoreError`: not found, invalid argument (a malformed compaction, a
    ///   range past the session's last sequence number), version conflict (the latest
    ///   compaction already reaches as far), unavailable or corrupted.
    @discardableResult
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        try compaction.validate()
        let now = clock.now()
        return try await database.write("compact session '\(key.id)'") { db in
            let (lastItem, latest) = try CompactionRows.bounds(of: key, in: db)
            try compaction.validate(in: key, lastItem: lastItem, latest: latest)
            let stored = compaction.stored(number: (latest?.number ?? 0) + 1, at: now)
            try CompactionRows.add([stored], to: key, in: db)
            return stored
        }
    }

    /// Reads the compactions of a session with one range read of their primary key.
    /// - Parameter key: The session.
    /// - Returns: The compactions, by ascending number.
    /// - Throws: `SessionStoreError`: not found, unavailable or corrupted.
    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        // Without a transaction, as items(of:_:): a non-empty result proves the session existed
        // when it was read, and an empty one is checked afterwards.
        try database.read("read the compactions of session '\(key.id)'") { db in
            let compactions = try Self.compactions(of: key, in: db)
            if compactions.isEmpty, try !SessionWrites.exists(key, in: db) {
                throw SessionStoreError.sessionNotFound(key)
            }
            return compactions
        }
    }

    /// Reads a session's compactions within a read of the database, by ascending number,
    /// without checking that the session exists.
    static func compactions(of key: SessionKey, in db: Database) throws -> [Compaction] {
        var compactions: [Compaction] = []
        try ColumnReader.forEachRow(of: db.cachedStatement(sql: CompactionRows.all), SQLArgument.key(key)) { row in
            compactions.append(try CompactionRows.decode(row, of: key.id.rawValue))
        }
        return compactions
    }

    /// Inserts compactions exactly as given in one write transaction, leaving the session's row
    /// as it is; those numbered at or below the session's latest stored one are skipped.
    /// - Parameters:
    ///   - compactions: The compactions, by ascending number, each reaching past the one before
    ///     and none past the session's last sequence number.
    ///   - key: The session.
    /// - Returns: How many were stored.
    /// - Throws: `SessionStoreError`: not found, invalid argument (a malformed compaction,
    ///   compactions out of order), unavailable or corrupted. Nothing is stored then.
    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        try await database.write("restore compactions of session '\(key.id)'") { db in
            let (lastItem, latest) = try CompactionRows.bounds(of: key, in: db)
            let fresh = try Compaction.restorable(compactions, after: latest, lastItem: lastItem, in: key)
            try CompactionRows.add(fresh, to: key, in: db)
            return fresh.count
        }
    }
}

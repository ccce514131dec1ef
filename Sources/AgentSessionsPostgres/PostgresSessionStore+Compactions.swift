public import AgentSessions
import Logging
import PostgresNIO

extension PostgresSessionStore {
    /// Stores a compaction of a session's items in one transaction that locks the session's
    /// row first (as appends do), so compactions and appends from any number of servers run one
    /// after another: the range is checked against the session's last sequence number and
    /// latest compaction as they are when it is stored. The compaction is numbered one past the
    /// latest and stamped with the store's clock; the items and the session's row do not change.
    /// - Parameters:
    ///   - compaction: The range, summary, author and token counts.
    ///   - key: The session.
    /// - Returns: The stored compaction.
    /// - Throws: `SessionStoreError`: not found, invalid argument (a malformed compaction, a
    ///   range past the session's last sequence number), version conflict (the latest
    ///   compaction already reaches as far), unavailable.
    @discardableResult
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        try compaction.validate()
        let now = clock.now()
        return try await database.transaction("compact session '\(key.id)'") { connection in
            let (lastItem, latest) = try await lockForCompactions(key, on: connection)
            try compaction.validate(in: key, lastItem: lastItem, latest: latest)
            let stored = compaction.stored(number: (latest?.number ?? 0) + 1, at: now)
            try await CompactionRows.insert([stored], into: key, tables, on: connection, logger: logger)
            return stored
        }
    }

    /// Reads a session's compactions with one statement.
    /// - Parameter key: The session.
    /// - Returns: The compactions, by ascending number.
    /// - Throws: `SessionStoreError`: not found, corrupted, unavailable.
    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        try await database.run("read the compactions of session '\(key.id)'") { connection in
            guard let compactions = try await CompactionRows.read(key, tables, on: connection, logger: logger) else {
                throw SessionStoreError.sessionNotFound(key)
            }
            return compactions
        }
    }

    /// Inserts compactions exactly as given in one transaction that holds the session's row
    /// lock, leaving the row as it is; those numbered at or below the session's latest stored
    /// one are skipped.
    /// - Parameters:
    ///   - compactions: The compactions, by ascending number, each reaching past the one before.
    ///   - key: The session.
    /// - Returns: How many were stored.
    /// - Throws: `SessionStoreError`: not found, invalid argument (a malformed compaction,
    ///   compactions out of order, a range past the session's last sequence number),
    ///   unavailable. Nothing is stored then.
    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        try await database.transaction("restore compactions of session '\(key.id)'") { connection in
            let (lastItem, latest) = try await lockForCompactions(key, on: connection)
            let fresh = try Compaction.restorable(compactions, after: latest, lastItem: lastItem, in: key)
            if !fresh.isEmpty {
                try await CompactionRows.insert(fresh, into: key, tables, on: connection, logger: logger)
            }
            return fresh.count
        }
    }

    /// Takes the session's row lock, then reads its latest compaction (in a statement of its
    /// own, which sees what an earlier holder of the lock committed).
    /// - Returns: The session's last sequence number and latest compaction.
    /// - Throws: ``SessionStoreError`` (not found, corrupted).
    private func lockForCompactions(
        _ key: SessionKey,
        on connection: PostgresConnection
    ) async throws -> (lastItem: Int64, latest: Compaction?) {
        guard let lastItem = try await lastSequence(lockingRowOf: key, on: connection) else {
            throw SessionStoreError.sessionNotFound(key)
        }
        return (lastItem, try await CompactionRows.latest(of: key, tables, on: connection, logger: logger))
    }
}

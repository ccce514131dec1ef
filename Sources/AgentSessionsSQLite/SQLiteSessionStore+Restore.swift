public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    /// Writes a session exactly as given, in one write transaction, and merges the `app:` and
    /// `user:` keys of its state into the shared scopes.
    /// - Parameter session: The session, as a store returned it.
    /// - Returns: The session as stored, with the shared state merged in.
    /// - Throws: `SessionStoreError`: already exists, not found (the parent), invalid
    ///   argument (a malformed field), unavailable or corrupted.
    @discardableResult
    public func restore(_ session: Session) async throws -> Session {
        let (session, shared) = try session.restorable(lifecycle: lifecycles.lifecycle(for: session.app))
        return try await database.write("restore session '\(session.id)'") { db in
            try SessionWrites.insert(session, shared: shared, in: db)
        }
    }

    /// Inserts items exactly as given in one write transaction, leaving the session's row as
    /// it is; items at or below the highest stored sequence number are skipped.
    /// - Parameters:
    ///   - items: The items, in ascending sequence order.
    ///   - key: The session.
    /// - Returns: How many items were stored.
    /// - Throws: `SessionStoreError`: not found, invalid argument (order, range, item ids),
    ///   unavailable or corrupted.
    @discardableResult
    public func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
        try await database.write("restore items of session '\(key.id)'") { db in
            let bounds = try ColumnReader.firstRow(
                of: db.cachedStatement(sql: ItemRows.restoreBounds),
                SQLArgument.key(key)
            ) { row in (last: try row.value(0, Int64.self), highest: try row.value(1, Int64.self)) }
            guard let bounds else { throw SessionStoreError.sessionNotFound(key) }
            let fresh = try items.restorable(to: key, lastSequence: bounds.last, highestStored: bounds.highest)
            let insert = try db.cachedStatement(sql: ItemRows.insert)
            for item in fresh {
                if let itemID = item.itemID, let taken = try ItemWrites.storedSequence(of: itemID, in: key, db) {
                    throw SessionStoreError.itemIDTaken(itemID, by: taken, in: key)
                }
                try insert.execute(arguments: [
                    key.app, key.id.rawValue, item.sequence, item.itemID, item.createdAt.microsecondsSinceEpoch,
                    item.content.text, item.tokens, ItemRows.pinnedValue(item.isPinned),
                ])
            }
            try StatisticsRows.count(fresh.lazy.map { ($0.content, $0.tokens) }, sign: 1, of: key, in: db)
            return fresh.count
        }
    }
}

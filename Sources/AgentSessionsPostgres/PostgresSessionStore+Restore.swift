public import AgentSessions
import Logging
import PostgresNIO

extension PostgresSessionStore {
    /// Writes a session exactly as given, in one transaction, and merges the `app:` and
    /// `user:` keys of its state into the shared scopes.
    /// - Parameter session: The session, as a store returned it.
    /// - Returns: The session as stored, with the shared state merged in.
    /// - Throws: `SessionStoreError`: already exists, not found (the parent), invalid
    ///   argument (a malformed field), unavailable.
    @discardableResult
    public func restore(_ session: Session) async throws -> Session {
        let (session, shared) = try session.restorable(lifecycle: lifecycles.lifecycle(for: session.app))
        return try await database.transaction("restore session '\(session.id)'") { connection in
            guard let restored = try await insert(session, shared: shared, on: connection) else {
                throw SessionStoreError.sessionExists(session.key)
            }
            return restored
        }
    }

    /// Inserts items exactly as given in one transaction that holds the session's row lock,
    /// leaving the row as it is; items at or below the highest stored sequence number are
    /// skipped.
    /// - Parameters:
    ///   - items: The items, in ascending sequence order.
    ///   - key: The session.
    /// - Returns: How many items were stored.
    /// - Throws: `SessionStoreError`: not found, invalid argument (order, range, item ids),
    ///   unavailable.
    @discardableResult
    public func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
        try await database.transaction("restore items of session '\(key.id)'") { connection in
            var bounds: (last: Int64, highest: Int64)?
            for try await row in try await connection.query(
                """
                SELECT last_sequence, coalesce((SELECT max(seq) FROM \(unescaped: tables.items) \
                WHERE app = \(key.app) AND session_id = \(key.id.rawValue)), 0)::bigint \
                FROM \(unescaped: tables.sessions) WHERE app = \(key.app) AND id = \(key.id.rawValue) FOR UPDATE
                """,
                logger: logger
            ).decode((Int64, Int64).self) {
                bounds = row
            }
            guard let bounds else { throw SessionStoreError.sessionNotFound(key) }
            let fresh = try items.restorable(to: key, lastSequence: bounds.last, highestStored: bounds.highest)
            let itemIDs = fresh.compactMap(\.itemID)
            if !itemIDs.isEmpty {
                for try await (itemID, taken) in try await connection.query(
                    """
                    SELECT item_id, seq FROM \(unescaped: tables.items) WHERE app = \(key.app) \
                    AND session_id = \(key.id.rawValue) AND item_id = ANY(\(itemIDs)) ORDER BY seq LIMIT 1
                    """,
                    logger: logger
                ).decode((String, Int64).self) {
                    throw SessionStoreError.itemIDTaken(itemID, by: taken, in: key)
                }
            }
            guard !fresh.isEmpty else { return 0 }
            // Item ids are never empty (they are validated), so '' stands for "no id" in the array.
            let sequences = fresh.map(\.sequence)
            let ids = fresh.map { $0.itemID ?? "" }
            let times = fresh.map(\.createdAt.microsecondsSinceEpoch)
            let bodies = fresh.map(\.content.text)
            let tokens = fresh.map { $0.tokens ?? -1 }
            let pins = fresh.map { Int64($0.isPinned ? 1 : 0) }
            try await connection.query(
                """
                INSERT INTO \(unescaped: tables.items) \
                (app, session_id, seq, item_id, created_at, body, tokens, pinned) \
                SELECT \(key.app), \(key.id.rawValue), t.seq, NULLIF(t.item_id, ''), t.created_at, t.body, \
                NULLIF(t.tokens, -1), CASE WHEN t.pinned = 1 THEN true END \
                FROM unnest(\(sequences)::bigint[], \(ids)::text[], \(times)::bigint[], \
                \(bodies)::text[], \(tokens)::bigint[], \(pins)::bigint[]) AS t(seq, item_id, created_at, body, tokens, pinned)
                """,
                logger: logger
            )
            return fresh.count
        }
    }
}

import AgentSessions
import GRDB

/// The SQL and the column layout of the `items` table.
///
/// Items are keyed by (app, session_id, seq) in a `WITHOUT ROWID` table, so the items of one
/// session sit together in sequence order: reading the last N, reading after a sequence number
/// and popping the last are each one index range.
enum ItemRows {
    static let insert = """
        INSERT INTO items (app, session_id, seq, item_id, created_at, body, tokens, pinned) \
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        """

    static let sequenceOfItemID = "SELECT seq FROM items WHERE app = ?1 AND session_id = ?2 AND item_id = ?3"
    static let itemOfItemID = "SELECT seq, body FROM items WHERE app = ?1 AND session_id = ?2 AND item_id = ?3"

    /// Reserves `?3` sequence numbers and records the activity; returns the new last sequence.
    static let reserve = """
        UPDATE sessions SET last_sequence = last_sequence + ?3, version = version + 1, updated_at = ?4 \
        WHERE app = ?1 AND id = ?2 RETURNING last_sequence
        """

    /// The session's last sequence number and the highest stored item's (0 without items), for a restore.
    static let restoreBounds = """
        SELECT last_sequence, coalesce((SELECT max(seq) FROM items WHERE app = ?1 AND session_id = ?2), 0) \
        FROM sessions WHERE app = ?1 AND id = ?2
        """

    static let all =
        "SELECT seq, item_id, created_at, body, tokens, pinned FROM items WHERE app = ?1 AND session_id = ?2 ORDER BY seq"
    static let last = """
        SELECT seq, item_id, created_at, body, tokens, pinned FROM items WHERE app = ?1 AND session_id = ?2 ORDER BY seq DESC LIMIT ?3
        """
    static let after = """
        SELECT seq, item_id, created_at, body, tokens, pinned FROM items WHERE app = ?1 AND session_id = ?2 AND seq > ?3 ORDER BY seq
        """
    static let page = """
        SELECT seq, item_id, created_at, body, tokens, pinned FROM items WHERE app = ?1 AND session_id = ?2 AND seq > ?3 \
        ORDER BY seq LIMIT ?4
        """

    static let popLast = """
        DELETE FROM items WHERE app = ?1 AND session_id = ?2 \
        AND seq = (SELECT max(seq) FROM items WHERE app = ?1 AND session_id = ?2) \
        RETURNING seq, item_id, created_at, body, tokens, pinned
        """

    /// A session's item count, tokens (the caller's count, otherwise `TokenEstimate`'s: a
    /// quarter of the bytes, rounded up, at least one) and how many items carry a count.
    static let tokenTotals = """
        SELECT count(*), coalesce(sum(\(StatisticsRows.itemTokens())), 0), \
        count(tokens) FROM items WHERE app = ?1 AND session_id = ?2
        """

    static let clear = "DELETE FROM items WHERE app = ?1 AND session_id = ?2"

    /// Takes the items ``clear`` is about to delete, with its arguments, out of the statistics.
    static let uncountCleared = StatisticsRows.subtractingItems(where: "i.app = ?1 AND i.session_id = ?2")

    /// Copies the items of `?2` up to `?4` into session `?3` of the same app `?1`.
    static let copy = """
        INSERT INTO items (app, session_id, seq, item_id, created_at, body, tokens, pinned) \
        SELECT app, ?3, seq, item_id, created_at, body, tokens, pinned FROM items WHERE app = ?1 AND session_id = ?2 AND seq <= ?4
        """

    /// A session's pinned items, along the partial index `items_pinned`, named: without
    /// statistics SQLite would walk the session's whole range of the primary key instead (it
    /// holds the rows), and a long session's view would read every item.
    static let pinned = """
        SELECT seq, item_id, created_at, body, tokens, pinned FROM items INDEXED BY items_pinned \
        WHERE app = ?1 AND session_id = ?2 AND pinned IS NOT NULL ORDER BY seq
        """

    /// The `pinned` column's value for an item.
    static func pinnedValue(_ isPinned: Bool) -> Int64? { isPinned ? 1 : nil }

    /// Decodes a row of `seq, item_id, created_at, body, tokens, pinned`.
    static func decode(_ row: ColumnReader) throws(SessionStoreError) -> SessionItem {
        SessionItem(
            sequence: try row.value(0),
            itemID: row.optional(1),
            createdAt: Timestamp(microsecondsSinceEpoch: try row.value(2)),
            content: JSONDocument(trusted: try row.value(3)),
            tokens: row.optional(4),
            isPinned: row.optional(5, Int64.self) != nil
        )
    }

    /// Runs a query of items and decodes every row.
    static func fetch(_ sql: String, _ arguments: [SQLArgument], capacity: Int, in db: Database) throws
        -> [SessionItem]
    {
        var items: [SessionItem] = []
        items.reserveCapacity(min(capacity, 1024))
        try ColumnReader.forEachRow(of: db.cachedStatement(sql: sql), arguments) { row in
            items.append(try decode(row))
        }
        return items
    }
}

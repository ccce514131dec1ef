import AgentSessions
import Logging
import PostgresNIO

/// Reads of the `items` table, keyed by (app, session_id, seq): the last N, the ones after a
/// sequence number and every one are each one range of the primary key.
enum ItemRows {
    /// Reads the items a query asks for, oldest first.
    static func read(
        _ key: SessionKey,
        _ query: ItemQuery,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [SessionItem] {
        let limit = query.limit.map(Int64.init)
        if query.after == nil, let limit {
            let rows = try await connection.query(
                """
                SELECT seq, item_id, created_at, body, tokens, pinned FROM \(unescaped: tables.items) \
                WHERE app = \(key.app) AND session_id = \(key.id.rawValue) ORDER BY seq DESC LIMIT \(limit)
                """,
                logger: logger
            )
            return try await decode(rows).reversed()
        }
        // LIMIT NULL is no limit, and every sequence number is above -1.
        let rows = try await connection.query(
            """
            SELECT seq, item_id, created_at, body, tokens, pinned FROM \(unescaped: tables.items) \
            WHERE app = \(key.app) AND session_id = \(key.id.rawValue) AND seq > \(query.after ?? -1) \
            ORDER BY seq LIMIT \(limit)
            """,
            logger: logger
        )
        return try await decode(rows)
    }

    /// Reads a session's pinned items, oldest first, along the partial index `items_pinned`.
    static func pinned(
        _ key: SessionKey,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [SessionItem] {
        try await decode(
            connection.query(
                """
                SELECT seq, item_id, created_at, body, tokens, pinned FROM \(unescaped: tables.items) \
                WHERE app = \(key.app) AND session_id = \(key.id.rawValue) AND pinned IS NOT NULL ORDER BY seq
                """,
                logger: logger
            )
        )
    }

    /// Decodes rows of `seq, item_id, created_at, body, tokens, pinned`.
    static func decode(_ rows: PostgresRowSequence) async throws -> [SessionItem] {
        var items: [SessionItem] = []
        for try await (sequence, itemID, createdAt, body, tokens, pinned) in rows.decode(
            (Int64, String?, Int64, String, Int64?, Bool?).self
        ) {
            items.append(
                SessionItem(
                    sequence: sequence,
                    itemID: itemID,
                    createdAt: Timestamp(microsecondsSinceEpoch: createdAt),
                    content: JSONDocument(trusted: body),
                    tokens: tokens,
                    isPinned: pinned == true
                )
            )
        }
        return items
    }
}

extension NewItem {
    /// The token count as a statement's array element: -1 (never a valid count) for none,
    /// which the statement turns back into `NULL`.
    var tokenArgument: Int64 { tokens ?? -1 }

    /// Whether the item is pinned as a statement's array element: 1 or 0, which the statement
    /// turns into `true` or `NULL`.
    var pinnedArgument: Int64 { isPinned ? 1 : 0 }
}

import AgentSessions
import Logging
import PostgresNIO

/// Reads and writes of the `compactions` table (schema step v5), keyed by (app, session_id,
/// number) as items are by (app, session_id, seq): a session's compactions are one range of the
/// primary key, and its latest is that range's last row.
///
/// The summary is stored as its JSON text, byte for byte; the author as the JSON text of
/// `CompactionAuthor.jsonValue`; the time in microseconds since 1970.
enum CompactionRows {
    /// The columns of a compaction, in the order ``decode(_:from:of:)`` reads them.
    static let columns = "number, first_seq, last_seq, summary, author, created_at, tokens_before, tokens_after"

    /// Reads a session's compactions by ascending number with one statement, which also tells
    /// whether the session exists.
    /// - Returns: The compactions, or `nil` if the session does not exist.
    /// - Throws: ``SessionStoreError`` (corrupted) for an author that cannot be read back.
    static func read(
        _ key: SessionKey,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Compaction]? {
        // One row with NULL columns for a session without compactions; none for a missing one.
        let rows = try await connection.query(
            """
            SELECT c.* FROM \(unescaped: tables.sessions) s LEFT JOIN \
            (SELECT app, session_id, \(unescaped: columns) FROM \(unescaped: tables.compactions)) c \
            ON c.app = s.app AND c.session_id = s.id \
            WHERE s.app = \(key.app) AND s.id = \(key.id.rawValue) ORDER BY c.number
            """,
            logger: logger
        )
        var found = false
        var compactions: [Compaction] = []
        for try await row in rows {
            found = true
            if let compaction = try decode(row.makeRandomAccess(), from: 2, of: key.id.rawValue) {
                compactions.append(compaction)
            }
        }
        return found ? compactions : nil
    }

    /// Reads a session's latest compaction. Inside a transaction that holds the session's row
    /// lock, run it after taking the lock: a statement sees the rows committed before it began.
    /// - Returns: The compaction with the highest number, or `nil` if there is none.
    /// - Throws: ``SessionStoreError`` (corrupted) for an author that cannot be read back.
    static func latest(
        of key: SessionKey,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Compaction? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns) FROM \(unescaped: tables.compactions) \
            WHERE app = \(key.app) AND session_id = \(key.id.rawValue) ORDER BY number DESC LIMIT 1
            """,
            logger: logger
        )
        for try await row in rows { return try decode(row.makeRandomAccess(), from: 0, of: key.id.rawValue) }
        return nil
    }

    /// Inserts compactions exactly as given (numbers, times and all) in one statement.
    static func insert(
        _ compactions: [Compaction],
        into key: SessionKey,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let numbers = compactions.map(\.number)
        let firsts = compactions.map(\.firstSequence)
        let lasts = compactions.map(\.lastSequence)
        let summaries = compactions.map(\.summary.text)
        let authors = compactions.map(\.author.jsonValue.jsonText)
        let times = compactions.map(\.createdAt.microsecondsSinceEpoch)
        let before = compactions.map(\.tokensBefore)
        let after = compactions.map(\.tokensAfter)
        try await connection.query(
            """
            INSERT INTO \(unescaped: tables.compactions) (app, session_id, \(unescaped: columns)) \
            SELECT \(key.app), \(key.id.rawValue), t.* FROM unnest(\(numbers)::bigint[], \(firsts)::bigint[], \
            \(lasts)::bigint[], \(summaries)::text[], \(authors)::text[], \(times)::bigint[], \(before)::bigint[], \
            \(after)::bigint[]) AS t
            """,
            logger: logger
        )
    }

    /// Copies a session's compactions that stand only for items up to `through` to another
    /// session of the same app, as they are, in one statement (for a fork).
    static func copy(
        from key: SessionKey,
        to id: SessionID,
        through: Int64,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO \(unescaped: tables.compactions) (app, session_id, \(unescaped: columns)) \
            SELECT app, \(id.rawValue), \(unescaped: columns) FROM \(unescaped: tables.compactions) \
            WHERE app = \(key.app) AND session_id = \(key.id.rawValue) AND last_seq <= \(through)
            """,
            logger: logger
        )
    }

    /// Decodes the ``columns`` of a row from position `start`.
    /// - Returns: The compaction, or `nil` if its number is NULL (an outer join's empty side).
    /// - Throws: ``SessionStoreError`` (corrupted) for an author that cannot be read back, and
    ///   `PostgresDecodingError` for a column of the wrong type.
    private static func decode(_ row: PostgresRandomAccessRow, from start: Int, of id: String) throws -> Compaction? {
        guard let number = try row[start].decode(Int64?.self) else { return nil }
        let author = try CompactionAuthor(
            storedText: try row[start + 4].decode(String.self),
            compaction: number,
            of: id
        )
        return Compaction(
            number: number,
            firstSequence: try row[start + 1].decode(Int64.self),
            lastSequence: try row[start + 2].decode(Int64.self),
            summary: JSONDocument(trusted: try row[start + 3].decode(String.self)),
            author: author,
            createdAt: Timestamp(microsecondsSinceEpoch: try row[start + 5].decode(Int64.self)),
            tokensBefore: try row[start + 6].decode(Int64.self),
            tokensAfter: try row[start + 7].decode(Int64.self)
        )
    }
}

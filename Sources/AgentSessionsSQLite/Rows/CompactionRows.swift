import AgentSessions
import GRDB

/// The SQL and the column layout of the `compactions` table (schema step `v6`).
///
/// Compactions are keyed by (app, session_id, number) in a `WITHOUT ROWID` table, so the
/// compactions of one session sit together by number: reading them all, and reading the latest,
/// are each one range of the primary key. Times are microseconds since 1970, the summary is its
/// JSON text byte for byte, and the author is the JSON text of `CompactionAuthor.jsonValue`.
enum CompactionRows {
    /// The columns of a compaction, in the order ``decode(_:of:)`` reads them.
    static let columns = "number, first_seq, last_seq, summary, author, created_at, tokens_before, tokens_after"

    /// Inserts one compaction with the arguments of ``add(_:to:in:)``.
    static let insert = """
        INSERT INTO compactions (app, session_id, \(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """

    /// The compactions of a session (`?1` app, `?2` id), by ascending number.
    static let all = "SELECT \(columns) FROM compactions WHERE app = ?1 AND session_id = ?2 ORDER BY number"

    /// The last sequence number of a session (`?1` app, `?2` id); no row if it is missing.
    static let lastSequence = "SELECT last_sequence FROM sessions WHERE app = ?1 AND id = ?2"

    /// The latest compaction of a session (`?1` app, `?2` id).
    static let latest = """
        SELECT \(columns) FROM compactions WHERE app = ?1 AND session_id = ?2 ORDER BY number DESC LIMIT 1
        """

    /// Removes the compactions of a session (`?1` app, `?2` id).
    static let clear = "DELETE FROM compactions WHERE app = ?1 AND session_id = ?2"

    /// Copies the compactions of `?2` that end at or before `?4` into session `?3` of the same app `?1`.
    static let copy = """
        INSERT INTO compactions (app, session_id, \(columns)) \
        SELECT app, ?3, \(columns) FROM compactions WHERE app = ?1 AND session_id = ?2 AND last_seq <= ?4
        """

    /// Reads a session's last sequence number and latest compaction, inside a write transaction.
    /// - Throws: ``SessionStoreError``: not found, corrupted (a stored compaction cannot be read back).
    static func bounds(of key: SessionKey, in db: Database) throws -> (lastItem: Int64, latest: Compaction?) {
        let arguments = SQLArgument.key(key)
        let lastItem = try ColumnReader.firstRow(of: db.cachedStatement(sql: lastSequence), arguments) {
            row in try row.value(0, Int64.self)
        }
        guard let lastItem else { throw SessionStoreError.sessionNotFound(key) }
        let latest = try ColumnReader.firstRow(of: db.cachedStatement(sql: latest), arguments) { row in
            try decode(row, of: key.id.rawValue)
        }
        return (lastItem, latest)
    }

    /// Inserts compactions of a session exactly as given.
    static func add(_ compactions: [Compaction], to key: SessionKey, in db: Database) throws {
        guard !compactions.isEmpty else { return }
        let statement = try db.cachedStatement(sql: insert)
        for compaction in compactions {
            try ColumnReader.execute(
                statement,
                SQLArgument.key(key) + [
                    .integer(compaction.number), .integer(compaction.firstSequence),
                    .integer(compaction.lastSequence), .text(compaction.summary.text),
                    .text(compaction.author.jsonValue.jsonText), .integer(compaction.createdAt.microsecondsSinceEpoch),
                    .integer(compaction.tokensBefore), .integer(compaction.tokensAfter),
                ]
            )
        }
    }

    /// Decodes a row of ``columns``.
    /// - Throws: ``SessionStoreError`` (corrupted) for a value that cannot be read back.
    static func decode(_ row: ColumnReader, of id: String) throws(SessionStoreError) -> Compaction {
        let number: Int64 = try row.value(0)
        return Compaction(
            number: number,
            firstSequence: try row.value(1),
            lastSequence: try row.value(2),
            summary: JSONDocument(trusted: try row.value(3)),
            author: try CompactionAuthor(storedText: try row.value(4), compaction: number, of: id),
            createdAt: Timestamp(microsecondsSinceEpoch: try row.value(5)),
            tokensBefore: try row.value(6),
            tokensAfter: try row.value(7)
        )
    }
}

import AgentSessions
import GRDB

/// The SQL of the kept statistics (the `statistics` table of schema step `v8`): the reads, and
/// the statements by which the writes of items keep the items' totals. Sessions' figures are
/// kept by the step's triggers.
enum StatisticsRows {
    /// Every figure of one app (`?1`), summed by kind and name.
    static let readOneApp = reading(where: "app = ?1")

    /// Every figure of every app, summed by kind and name.
    static let readEveryApp = reading(where: "1")

    /// Adds items to the totals of a session's agent: `?1` app, `?2` session, `?3` items, `?4`
    /// bytes, `?5` tokens (negative to take them away).
    static let addItemsOfSession = """
        INSERT INTO statistics (app, kind, name, items, bytes, tokens) \
        SELECT app, 'agent', agent_name, ?3, ?4, ?5 FROM sessions WHERE app = ?1 AND id = ?2 \(accumulate)
        """

    /// Adds the items that ``ItemRows/copy`` is about to copy, with its arguments, to the totals
    /// of the copy's agent.
    static let addCopiedItems = """
        INSERT INTO statistics (app, kind, name, items, bytes, tokens) \
        SELECT ?1, 'agent', (SELECT agent_name FROM sessions WHERE app = ?1 AND id = ?3), \
        count(*), coalesce(sum(length(CAST(body AS BLOB))), 0), coalesce(sum(\(itemTokens())), 0) \
        FROM items WHERE app = ?1 AND session_id = ?2 AND seq <= ?4 \(accumulate)
        """

    /// The statement that takes away, from the totals of their sessions' agents, the items (of
    /// table alias `i`) that meet `condition`: it runs just before the statement that deletes
    /// them, with the same arguments. `prefix` is a `WITH` clause the condition needs.
    static func subtractingItems(where condition: String, prefix: String = "") -> String {
        """
        \(prefix) INSERT INTO statistics (app, kind, name, items, bytes, tokens) \
        SELECT s.app, 'agent', s.agent_name, -count(*), -sum(length(CAST(i.body AS BLOB))), \
        -sum(\(itemTokens(of: "i."))) \
        FROM items AS i JOIN sessions AS s ON s.app = i.app AND s.id = i.session_id \
        WHERE \(condition) GROUP BY s.app, s.agent_name \(accumulate)
        """
    }

    /// An item's tokens in SQL: the caller's count, otherwise `TokenEstimate`'s (a quarter of
    /// the bytes, rounded up, at least one). `alias` prefixes the columns (`"i."`).
    static func itemTokens(of alias: String = "") -> String {
        "coalesce(\(alias)tokens, max(1, (length(CAST(\(alias)body AS BLOB)) + 3) / 4))"
    }

    /// Adds the figures of a row that exists to those of the row being inserted.
    private static let accumulate = """
        ON CONFLICT (app, kind, name) DO UPDATE SET sessions = sessions + excluded.sessions, \
        active = active + excluded.active, resumed = resumed + excluded.resumed, errored = errored + excluded.errored, \
        items = items + excluded.items, bytes = bytes + excluded.bytes, tokens = tokens + excluded.tokens
        """

    private static func reading(where condition: String) -> String {
        """
        SELECT kind, name, sum(sessions), sum(active), sum(resumed), sum(errored), sum(items), sum(bytes), \
        sum(tokens) FROM statistics WHERE \(condition) GROUP BY kind, name
        """
    }

    /// Takes the items' figures into the totals of their session's agent, in the caller's
    /// write transaction: one statement, whatever the number of items.
    /// - Parameters:
    ///   - items: The items' content and caller-given token counts.
    ///   - sign: 1 to add the items (they were inserted), -1 to take them away (deleted).
    ///   - key: Their session, which must exist.
    ///   - db: The write transaction's database.
    static func count(
        _ items: some Sequence<(content: JSONDocument, tokens: Int64?)>,
        sign: Int64,
        of key: SessionKey,
        in db: Database
    ) throws {
        var (count, bytes, tokens): (Int64, Int64, Int64) = (0, 0, 0)
        for item in items {
            count += 1
            bytes += Int64(item.content.byteCount)
            tokens += item.tokens ?? TokenEstimate.tokens(in: item.content)
        }
        guard count > 0 else { return }
        try db.cachedStatement(sql: addItemsOfSession).execute(arguments: [
            key.app, key.id.rawValue, sign * count, sign * bytes, sign * tokens,
        ])
    }

    /// Reads the statistics of one app, or of every app.
    static func read(app: String?, in db: Database) throws -> SessionStatistics {
        var rows = SessionStatistics.Totals()
        let (sql, arguments): (String, [SQLArgument]) =
            if let app { (readOneApp, [.text(app)]) } else { (readEveryApp, []) }
        try ColumnReader.forEachRow(of: db.cachedStatement(sql: sql), arguments) { row in
            rows.add(
                kind: try row.value(0),
                name: try row.value(1),
                sessions: try row.value(2),
                active: try row.value(3),
                resumed: try row.value(4),
                errored: try row.value(5),
                items: try row.value(6),
                bytes: try row.value(7),
                tokens: try row.value(8)
            )
        }
        return rows.statistics
    }
}

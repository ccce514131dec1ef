import AgentSessions
import GRDB

/// The SQL of a listing: the query's filters, the keyset condition of its cursor, its order
/// and one row more than the limit (to know whether a next page exists); and of a count, the
/// filters alone.
///
/// A listing reads its rows one of several ways. By default it walks the app's index by
/// activity (``Path/listingOrder``) and tests each row against the other filters, which stops
/// after a page when many rows match. A filter by user or by parent reads along that user's or
/// parent's index. No index holds the creation time (it would cost every create), so a listing
/// by creation time sorts what its index selects. A phase, an agent, a tag or a value of an indexed metadata key
/// that few of an app's sessions have would make the walk visit the whole app, so such a
/// listing reads those sessions along the phase's index `sessions_by_phase` (``Path/byPhase``),
/// the agent's index `sessions_by_agent` (``Path/byAgent``), the tag's rows of `session_tags`
/// (``Path/byTag(_:)``) or the key's index (``Path/byMetadata(_:)``) and sorts them instead:
/// ``path(for:metadataIndexes:in:)`` chooses by counting them along each index, up to
/// ``selectiveLimit``, and takes the fewest. (The phase's index leaves out the phase sessions
/// are created in, `initializing`, and the agent's index the sessions without an agent, which
/// keeps creates from writing them; that phase and the empty agent are always walked.)
///
/// Tags are tested with probes of `session_tags`' primary key. A metadata value is tested, for
/// an indexed key (``MetadataIndex``), with the index's own expressions; for any other key by
/// reading the session's metadata with `json_each`, which takes any key as it is (a JSON path
/// could not spell a key with `"` in it). Both tell a string from a number or an object.
enum ListingSQL {
    static let resumeFacts = """
        SELECT phase, resume_ready, finalized_at, error_count, updated_at FROM sessions WHERE app = ?1 AND id = ?2
        """

    /// The most matches a listing sorts rather than walks an index in listing order for: past
    /// it, a walk in listing order meets a page of matches within about
    /// `limit × sessions / selectiveLimit` rows.
    static let selectiveLimit = 4096

    /// How a listing reads its rows.
    enum Path: Hashable {
        /// Along an index in listing order (the other filters are tested row by row).
        case listingOrder
        /// Along `sessions_by_phase`, sorting the phase's sessions.
        case byPhase
        /// Along `sessions_by_agent`, sorting the agent's sessions.
        case byAgent
        /// Along the tag's rows of `session_tags`, sorting the tag's sessions.
        case byTag(String)
        /// Along a metadata key's index, sorting the sessions whose key holds the value.
        case byMetadata(MetadataIndex)
    }

    /// Counts up to `?3` sessions of an app (`?1`) in a phase (`?2`) along its index.
    static let phaseCount = """
        SELECT count(*) FROM (SELECT 1 FROM sessions INDEXED BY sessions_by_phase \
        WHERE app = ?1 AND phase = ?2 AND \(SQLiteSchema.sessionsByPhaseCondition) LIMIT ?3)
        """

    /// Counts up to `?3` sessions of an app (`?1`) of an agent (`?2`) along its index.
    static let agentCount = """
        SELECT count(*) FROM (SELECT 1 FROM sessions INDEXED BY sessions_by_agent \
        WHERE app = ?1 AND agent_name = ?2 AND \(SQLiteSchema.sessionsByAgentCondition) LIMIT ?3)
        """

    /// Counts up to `?3` sessions of an app (`?1`) carrying a tag (`?2`).
    static let tagCount = "SELECT count(*) FROM (SELECT 1 FROM session_tags WHERE app = ?1 AND tag = ?2 LIMIT ?3)"

    /// Whether session `s` carries a tag (`?`), by the primary key of `session_tags`.
    static let tagProbe =
        "EXISTS (SELECT 1 FROM session_tags t WHERE t.app = s.app AND t.tag = ? AND t.session_id = s.id)"

    /// Whether the metadata of session `s` has a key (`?`) whose value is exactly a string (`?`).
    static let metadataProbe = """
        EXISTS (SELECT 1 FROM json_each(s.metadata) m WHERE m.key = ? AND m.type = 'text' AND m.atom = ?)
        """

    /// The way to read a query's rows: along the phase's index, the agent's index, the tag's
    /// rows or an indexed metadata key's index, whichever holds fewest of the app's sessions,
    /// when that is fewer than ``selectiveLimit``; else in listing order. A filter by user or by
    /// parent always reads its own index.
    /// - Parameters:
    ///   - query: The filters.
    ///   - metadataIndexes: The database's metadata indexes, by key.
    ///   - db: The connection.
    static func path(
        for query: SessionQuery,
        metadataIndexes: [String: MetadataIndex] = [:],
        in db: Database
    ) throws -> Path {
        guard query.userID == nil, query.parentID == nil else { return .listingOrder }
        var candidates: [(path: Path, sql: String, value: String)] = []
        if let phase = query.phase, phase != .initializing {
            candidates.append((.byPhase, phaseCount, phase.rawValue))
        }
        if let agentName = query.agentName, !agentName.isEmpty {
            candidates.append((.byAgent, agentCount, agentName))
        }
        for tag in Set(query.tags).sorted() { candidates.append((.byTag(tag), tagCount, tag)) }
        // Last: counting along a metadata index reads each session it counts.
        for (key, value) in query.metadata.sorted(by: { $0.key < $1.key }) {
            if let index = metadataIndexes[key] { candidates.append((.byMetadata(index), index.countSQL, value)) }
        }
        var chosen = (path: Path.listingOrder, count: selectiveLimit)
        for candidate in candidates {
            // Counting stops at the fewest found so far: a larger count cannot win.
            let count = try ColumnReader.firstRow(
                of: db.cachedStatement(sql: candidate.sql),
                [.text(query.app), .text(candidate.value), .integer(Int64(chosen.count))]
            ) { row in try row.value(0, Int.self) }
            if let count, count < chosen.count { chosen = (candidate.path, count) }
            if chosen.count == 0 { break }
        }
        return chosen.path
    }

    /// The statement and its arguments that list a query's rows along `path`, selecting
    /// `columns` (of table alias `s`) in the query's order; the keys of `metadataIndexes` are
    /// tested with their indexes' expressions.
    static func list(
        _ query: SessionQuery,
        _ path: Path = .listingOrder,
        columns: String,
        metadataIndexes: [String: MetadataIndex] = [:]
    ) -> (sql: String, arguments: [SQLArgument]) {
        var (sql, values) = filtered(query, path, selecting: columns, metadataIndexes: metadataIndexes)
        let time = query.order.key == .updatedAt ? "s.updated_at" : "s.created_at"
        // Newest first: times descending, ids ascending; oldest first, the exact reverse.
        let (later, direction, idDirection) = query.order.isNewestFirst ? ("<", "DESC", "ASC") : (">", "ASC", "DESC")
        if let cursor = query.cursor {
            let micros = cursor.time.microsecondsSinceEpoch
            let laterID = query.order.isNewestFirst ? ">" : "<"
            sql += " AND \(time) \(later)= ? AND (\(time) \(later) ? OR s.id \(laterID) ?)"
            values += [.integer(micros), .integer(micros), .text(cursor.id.rawValue)]
        }
        sql += " ORDER BY \(time) \(direction), s.id \(idDirection)"
        if let limit = query.limit {
            sql += " LIMIT ?"
            values.append(.integer(Int64(limit == Int.max ? limit : limit + 1)))
        }
        return (sql, values)
    }

    /// The statement and its arguments that count the rows of a query's filters along `path`
    /// (its cursor and limit are left out); the keys of `metadataIndexes` are tested with their
    /// indexes' expressions.
    static func count(
        _ query: SessionQuery,
        _ path: Path = .listingOrder,
        metadataIndexes: [String: MetadataIndex] = [:]
    ) -> (sql: String, arguments: [SQLArgument]) {
        filtered(query.filters, path, selecting: "count(*)", metadataIndexes: metadataIndexes)
    }

    /// `SELECT columns FROM … WHERE` the query's filters, read along `path`.
    private static func filtered(
        _ query: SessionQuery,
        _ path: Path,
        selecting columns: String,
        metadataIndexes: [String: MetadataIndex]
    ) -> (sql: String, arguments: [SQLArgument]) {
        var sql: String
        var values: [SQLArgument] = [.text(query.app)]
        switch path {
        case .listingOrder:
            sql = "SELECT \(columns) FROM sessions s INDEXED BY \(listingIndex(for: query)) WHERE s.app = ?"
        case .byPhase:
            sql = "SELECT \(columns) FROM sessions s INDEXED BY sessions_by_phase WHERE s.app = ?"
        case .byAgent:
            sql = "SELECT \(columns) FROM sessions s INDEXED BY sessions_by_agent WHERE s.app = ?"
        case .byMetadata(let index):
            sql = "SELECT \(columns) FROM sessions s INDEXED BY \"\(index.name)\" WHERE s.app = ?"
        case .byTag(let tag):
            // CROSS JOIN keeps SQLite from walking the sessions in listing order instead.
            sql = """
                SELECT \(columns) FROM session_tags g CROSS JOIN sessions s \
                WHERE g.app = ? AND g.tag = ? AND s.app = g.app AND s.id = g.session_id
                """
            values.append(.text(tag))
        }
        if let userID = query.userID {
            sql += " AND s.user_id = ?"
            values.append(.text(userID))
        }
        if let agentName = query.agentName {
            sql += " AND s.agent_name = ?"
            values.append(.text(agentName))
            if path == .byAgent { sql += " AND s.\(SQLiteSchema.sessionsByAgentCondition)" }
        }
        if let parentID = query.parentID {
            sql += " AND s.parent_id = ?"
            values.append(.text(parentID.rawValue))
        }
        if let phase = query.phase {
            sql += " AND s.phase = ?"
            values.append(.text(phase.rawValue))
            if path == .byPhase { sql += " AND s.\(SQLiteSchema.sessionsByPhaseCondition)" }
        }
        if let isFinalized = query.isFinalized {
            sql += " AND s.finalized_at \(isFinalized ? "IS NOT NULL" : "IS NULL")"
        }
        for tag in Set(query.tags).sorted() where path != .byTag(tag) {
            sql += " AND \(tagProbe)"
            values.append(.text(tag))
        }
        // After the tags' probes: SQLite tests probes after the plain conditions, in the order
        // written, and these parse the metadata.
        for (key, value) in query.metadata.sorted(by: { $0.key < $1.key }) {
            if let index = metadataIndexes[key] {
                sql += " AND \(index.isText("s.metadata")) AND \(index.value("s.metadata")) = ?"
                values.append(.text(value))
            } else {
                sql += " AND \(metadataProbe)"
                values += [.text(key), .text(value)]
            }
        }
        return (sql, values)
    }

    /// The index a listing in listing order reads: the user's, the parent's, or the app's by
    /// activity. Named, so that SQLite never walks another one. (No index holds the creation
    /// time: a listing by it sorts what the index selects.)
    private static func listingIndex(for query: SessionQuery) -> String {
        if query.userID != nil { return "sessions_by_user" }
        if query.parentID != nil { return "sessions_by_parent" }
        return "sessions_by_activity"
    }
}

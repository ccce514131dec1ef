import AgentSessions
import GRDB

/// The SQL of a listing: the query's filters, the keyset condition of its cursor, the listing
/// order and one row more than the limit (to know whether a next page exists).
///
/// A listing walks one of two ways. By default it walks an index in listing order (by app, by
/// user or by parent) and tests each row against the other filters, which stops after a page
/// when many rows match. A phase that few of an app's sessions are in would make that walk
/// visit the whole app, so such a listing reads the phase's sessions along the index
/// `sessions_by_phase` and sorts them instead (``Path/byPhase``): ``path(for:in:)`` chooses
/// by counting them along that index, up to ``selectiveLimit``. (The index leaves out the
/// phase sessions are created in, `initializing`, which keeps creates from writing it; that
/// phase is always walked.)
enum ListingSQL {
    static let resumeFacts = """
        SELECT phase, resume_ready, finalized_at, error_count, updated_at FROM sessions WHERE app = ?1 AND id = ?2
        """

    /// The most matches a listing sorts rather than walks an index in listing order for: past
    /// it, a walk in listing order meets a page of matches within about
    /// `limit × sessions / selectiveLimit` rows.
    static let selectiveLimit = 4096

    /// How a listing reads its rows.
    enum Path: Equatable {
        /// Along an index in listing order (the other filters are tested row by row).
        case listingOrder
        /// Along `sessions_by_phase`, sorting the phase's sessions.
        case byPhase
    }

    /// The way to read a query's rows: along `sessions_by_phase` when the query's phase has
    /// fewer than ``selectiveLimit`` sessions, else in listing order. A filter by user or by
    /// parent always walks its own index in listing order.
    static func path(for query: SessionQuery, in db: Database) throws -> Path {
        guard query.userID == nil, query.parentID == nil, let phase = query.phase, phase != .initializing else {
            return .listingOrder
        }
        let sql = """
            SELECT count(*) FROM (SELECT 1 FROM sessions INDEXED BY sessions_by_phase \
            WHERE app = ? AND phase = ? AND \(SQLiteSchema.sessionsByPhaseCondition) LIMIT \(selectiveLimit))
            """
        let count = try ColumnReader.firstRow(
            of: db.cachedStatement(sql: sql),
            [.text(query.app), .text(phase.rawValue)]
        ) { row in try row.value(0, Int.self) }
        return (count ?? 0) < selectiveLimit ? .byPhase : .listingOrder
    }

    /// The statement and its arguments for a query read along `path`.
    static func make(_ query: SessionQuery, _ path: Path = .listingOrder) -> (sql: String, arguments: [SQLArgument]) {
        // In listing order, `+` keeps SQLite from reading along `sessions_by_phase` on its own.
        let (from, unindexed) =
            switch path {
            case .listingOrder: ("sessions s", "+")
            case .byPhase: ("sessions s INDEXED BY sessions_by_phase", "")
            }
        var sql = "SELECT \(SessionRow.columns) FROM \(from) WHERE s.app = ?"
        var values: [SQLArgument] = [.text(query.app)]
        if let userID = query.userID {
            sql += " AND s.user_id = ?"
            values.append(.text(userID))
        }
        if let agentName = query.agentName {
            sql += " AND s.agent_name = ?"
            values.append(.text(agentName))
        }
        if let parentID = query.parentID {
            sql += " AND s.parent_id = ?"
            values.append(.text(parentID.rawValue))
        }
        if let phase = query.phase {
            sql += " AND \(unindexed)s.phase = ?"
            values.append(.text(phase.rawValue))
            if path == .byPhase { sql += " AND s.\(SQLiteSchema.sessionsByPhaseCondition)" }
        }
        if let isFinalized = query.isFinalized {
            sql += " AND s.finalized_at \(isFinalized ? "IS NOT NULL" : "IS NULL")"
        }
        if let cursor = query.cursor {
            let micros = cursor.time.microsecondsSinceEpoch
            sql += " AND s.updated_at <= ? AND (s.updated_at < ? OR s.id > ?)"
            values += [.integer(micros), .integer(micros), .text(cursor.id.rawValue)]
        }
        sql += " ORDER BY s.updated_at DESC, s.id ASC"
        if let limit = query.limit {
            sql += " LIMIT ?"
            values.append(.integer(Int64(limit == Int.max ? limit : limit + 1)))
        }
        return (sql, values)
    }
}

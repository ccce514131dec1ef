import AgentSessions
import GRDB

/// The SQL of a listing: the query's filters, the keyset condition of its cursor, the listing
/// order and one row more than the limit (to know whether a next page exists).
///
/// A listing walks one of two ways. By default it walks an index in listing order (by app, by
/// user or by parent) and tests each row against the other filters, which stops after a page
/// when many rows match. A filter that matches few of an app's sessions (a rare phase, an
/// agent's, the few not finalized) would make that walk visit the whole app, so such a
/// listing reads the matching rows along the filter's own index and sorts them instead
/// (``Path/selective(_:)``): ``path(for:in:)`` chooses by counting the matches along each
/// such index, up to ``selectiveLimit``.
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
        /// Along an index in listing order (the filters on phase, agent and finalization are
        /// tested row by row).
        case listingOrder
        /// Along the index of a selective filter, sorting what matches.
        case selective(SelectiveIndex)
    }

    /// An index that holds a filter's matches apart from the rest of the app's sessions.
    enum SelectiveIndex: String {
        case phase = "sessions_by_phase"
        case agent = "sessions_by_agent"
        case active = "sessions_active"
    }

    /// The way to read a query's rows: along the selective index with the fewest matches when
    /// they number fewer than ``selectiveLimit``, else in listing order. A filter by user or by
    /// parent always walks its own index in listing order.
    static func path(for query: SessionQuery, in db: Database) throws -> Path {
        guard query.userID == nil, query.parentID == nil else { return .listingOrder }
        var candidates: [(index: SelectiveIndex, condition: String, value: String?)] = []
        if let phase = query.phase { candidates.append((.phase, "phase = ?", phase.rawValue)) }
        if let agent = query.agentName { candidates.append((.agent, "agent_name = ?", agent)) }
        if query.isFinalized == false { candidates.append((.active, "finalized_at IS NULL", nil)) }
        var best: (index: SelectiveIndex, count: Int)?
        for candidate in candidates {
            let sql = """
                SELECT count(*) FROM (SELECT 1 FROM sessions INDEXED BY \(candidate.index.rawValue) \
                WHERE app = ? AND \(candidate.condition) LIMIT \(selectiveLimit))
                """
            let arguments: [SQLArgument] = [.text(query.app)] + (candidate.value.map { [.text($0)] } ?? [])
            let count = try ColumnReader.firstRow(of: db.cachedStatement(sql: sql), arguments) { row in
                try row.value(0, Int.self)
            }
            if let count, count < selectiveLimit, count < best?.count ?? .max { best = (candidate.index, count) }
        }
        return best.map { .selective($0.index) } ?? .listingOrder
    }

    /// The statement and its arguments for a query read along `path`.
    static func make(_ query: SessionQuery, _ path: Path = .listingOrder) -> (sql: String, arguments: [SQLArgument]) {
        // In listing order, `+` keeps SQLite from reading along a selective index on its own.
        let (from, unindexed) =
            switch path {
            case .listingOrder: ("sessions s", "+")
            case .selective(let index): ("sessions s INDEXED BY \(index.rawValue)", "")
            }
        var sql = "SELECT \(SessionRow.columns) FROM \(from) WHERE s.app = ?"
        var values: [SQLArgument] = [.text(query.app)]
        if let userID = query.userID {
            sql += " AND s.user_id = ?"
            values.append(.text(userID))
        }
        if let agentName = query.agentName {
            sql += " AND \(unindexed)s.agent_name = ?"
            values.append(.text(agentName))
        }
        if let parentID = query.parentID {
            sql += " AND s.parent_id = ?"
            values.append(.text(parentID.rawValue))
        }
        if let phase = query.phase {
            sql += " AND \(unindexed)s.phase = ?"
            values.append(.text(phase.rawValue))
        }
        if let isFinalized = query.isFinalized {
            sql += " AND \(unindexed)s.finalized_at \(isFinalized ? "IS NOT NULL" : "IS NULL")"
        }
        if let cursor = query.cursor {
            let micros = cursor.updatedAt.microsecondsSinceEpoch
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

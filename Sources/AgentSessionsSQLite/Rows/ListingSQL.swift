import AgentSessions
import GRDB

/// The SQL of a listing: the query's filters, the keyset condition of its cursor, the listing
/// order and one row more than the limit (to know whether a next page exists).
enum ListingSQL {
    static let resumeFacts = """
        SELECT phase, resume_ready, finalized_at, error_count, updated_at FROM sessions WHERE app = ?1 AND id = ?2
        """

    /// The statement and its arguments for a query.
    static func make(_ query: SessionQuery) -> (sql: String, arguments: [SQLArgument]) {
        var sql = "SELECT \(SessionRow.columns) FROM sessions s WHERE s.app = ?"
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
            sql += " AND s.phase = ?"
            values.append(.text(phase.rawValue))
        }
        if let isFinalized = query.isFinalized {
            sql += isFinalized ? " AND s.finalized_at IS NOT NULL" : " AND s.finalized_at IS NULL"
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

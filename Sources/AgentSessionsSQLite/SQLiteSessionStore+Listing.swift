public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try query.validate()
        if query.limit == 0 { return SessionPage(sessions: [], nextCursor: nil) }
        let (sql, arguments) = ListingSQL.make(query)
        return try database.snapshotRead("list the sessions of app '\(query.app)'") { db in
            var sessions: [Session] = []
            sessions.reserveCapacity(min(query.limit ?? 64, 1024))
            var shared = SharedStateParser()
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                sessions.append(try SessionRow.decode(row, shared: &shared).merged)
            }
            var nextCursor: SessionCursor?
            if let limit = query.limit, sessions.count > limit {
                sessions.removeSubrange(limit...)
                nextCursor = sessions.last.map(SessionCursor.init(after:))
            }
            return SessionPage(sessions: sessions, nextCursor: nextCursor)
        }
    }

    /// Decides whether a session may be resumed, reading only the columns the decision needs.
    ///
    /// - Parameters:
    ///   - key: The session.
    ///   - policy: The rules of the decision.
    /// - Returns: The decision; a missing session is ``ResumeDecision/Reason/notFound``.
    /// - Throws: ``SessionStoreError`` if the database cannot be read.
    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        let facts = try database.snapshotRead("read session '\(key.id)'") { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: ListingSQL.resumeFacts),
                arguments: [key.app, key.id.rawValue]
            )
            return try rows.next().map { row in
                ResumeFacts(
                    phase: Phase(try row.decode(String.self, atIndex: 0)),
                    isResumeReady: try row.decode(Int64.self, atIndex: 1) != 0,
                    isFinalized: try row.decode(Int64?.self, atIndex: 2) != nil,
                    errorCount: try row.decode(atIndex: 3),
                    updatedAt: Timestamp(microsecondsSinceEpoch: try row.decode(atIndex: 4))
                )
            }
        }
        return policy.decide(facts, lifecycle: lifecycles.lifecycle(for: key.app), now: clock.now())
    }
}

/// The SQL of a listing: the query's filters, the keyset condition of its cursor, the listing
/// order and one row more than the limit (to know whether a next page exists).
enum ListingSQL {
    static let resumeFacts = """
        SELECT phase, resume_ready, finalized_at, error_count, updated_at FROM sessions WHERE app = ?1 AND id = ?2
        """

    /// The statement and its arguments for a query.
    static func make(_ query: SessionQuery) -> (sql: String, arguments: StatementArguments) {
        var sql = "SELECT \(SessionRow.selection) \(SessionRow.source) WHERE s.app = ?"
        var values: [(any DatabaseValueConvertible)?] = [query.app]
        if let userID = query.userID {
            sql += " AND s.user_id = ?"
            values.append(userID)
        }
        if let agentName = query.agentName {
            sql += " AND s.agent_name = ?"
            values.append(agentName)
        }
        if let parentID = query.parentID {
            sql += " AND s.parent_id = ?"
            values.append(parentID.rawValue)
        }
        if let phase = query.phase {
            sql += " AND s.phase = ?"
            values.append(phase.rawValue)
        }
        if let isFinalized = query.isFinalized {
            sql += isFinalized ? " AND s.finalized_at IS NOT NULL" : " AND s.finalized_at IS NULL"
        }
        if let cursor = query.cursor {
            let micros = cursor.updatedAt.microsecondsSinceEpoch
            sql += " AND s.updated_at <= ? AND (s.updated_at < ? OR s.id > ?)"
            values += [micros, micros, cursor.id.rawValue]
        }
        sql += " ORDER BY s.updated_at DESC, s.id ASC"
        if let limit = query.limit {
            sql += " LIMIT ?"
            values.append(limit + 1)
        }
        return (sql, StatementArguments(values))
    }
}

public import AgentSessions
import Logging
import PostgresNIO

extension PostgresSessionStore {
    /// Lists sessions, most recently active first, ties by id ascending, reading one page
    /// along an index (by user, by parent or by app) from the cursor's position, with the
    /// shared state of the listed sessions read in one more statement.
    /// - Parameter query: The filters, the limit and the cursor.
    /// - Returns: A page of sessions with the shared state merged in, and the cursor of the
    ///   next page (`nil` on the last page, and when the limit is 0).
    /// - Throws: `SessionStoreError`: invalid argument (bad app, negative limit), unavailable.
    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try query.validate(lifecycles: lifecycles)
        if query.limit == 0 { return SessionPage(sessions: [], nextCursor: nil) }
        // A filter left out is NULL: PostgreSQL plans each statement with its values, so the
        // `NULL IS NULL` branches fall away and the index of the remaining filters is used.
        let cursorTime = query.cursor?.time.microsecondsSinceEpoch
        let limit = query.limit.map { Int64($0 == Int.max ? $0 : $0 + 1) }
        let finalized = query.isFinalized
        let statement: PostgresQuery = """
            SELECT \(unescaped: SessionColumns.list) FROM \(unescaped: tables.sessions) s WHERE s.app = \(query.app) \
            AND (\(query.userID)::text IS NULL OR s.user_id = \(query.userID)) \
            AND (\(query.agentName)::text IS NULL OR s.agent_name = \(query.agentName)) \
            AND (\(query.parentID?.rawValue)::text IS NULL OR s.parent_id = \(query.parentID?.rawValue)) \
            AND (\(query.phase?.rawValue)::text IS NULL OR s.phase = \(query.phase?.rawValue)) \
            AND (\(finalized)::boolean IS NULL OR (s.finalized_at IS NOT NULL) = \(finalized)) \
            AND (\(cursorTime)::bigint IS NULL OR (s.updated_at <= \(cursorTime) \
            AND (s.updated_at < \(cursorTime) OR s.id > \(query.cursor?.id.rawValue)))) \
            ORDER BY s.updated_at DESC, s.id ASC LIMIT \(limit)
            """
        return try await database.run("list the sessions of app '\(query.app)'") { connection in
            var sessions: [Session] = []
            for try await row in try await connection.query(statement, logger: logger) {
                sessions.append(try SessionColumns.decode(row.makeRandomAccess(), app: query.app).session)
            }
            try await SharedStateRows.merge(into: &sessions, app: query.app, tables, on: connection, logger: logger)
            return SessionPage(overfetched: sessions, limit: query.limit, order: query.order)
        }
    }

    /// Decides whether a session may be resumed, reading only the columns the decision needs.
    /// - Parameters:
    ///   - key: The session.
    ///   - policy: The rules of the decision.
    /// - Returns: The decision; a missing session is `ResumeDecision/Reason/notFound`.
    /// - Throws: `SessionStoreError` if the database cannot be read.
    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        let facts = try await database.run("read session '\(key.id)'") { connection in
            let rows = try await connection.query(
                """
                SELECT phase, resume_ready, finalized_at IS NOT NULL, error_count, updated_at \
                FROM \(unescaped: tables.sessions) WHERE app = \(key.app) AND id = \(key.id.rawValue)
                """,
                logger: logger
            )
            for try await (phase, isResumeReady, isFinalized, errorCount, updatedAt) in rows.decode(
                (String, Bool, Bool, Int64, Int64).self
            ) {
                return ResumeFacts(
                    phase: Phase(phase),
                    isResumeReady: isResumeReady,
                    isFinalized: isFinalized,
                    errorCount: Int(errorCount),
                    updatedAt: Timestamp(microsecondsSinceEpoch: updatedAt)
                ) as ResumeFacts?
            }
            return nil
        }
        return policy.decide(facts, lifecycle: lifecycles.lifecycle(for: key.app), now: clock.now())
    }
}

public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    /// Lists sessions, most recently active first, ties by id ascending, reading one page
    /// along an index (by user, by parent or by app) from the cursor's position, or, for a
    /// phase few sessions are in, reading that phase's sessions along its index and sorting
    /// them.
    /// - Parameter query: The filters, the limit and the cursor.
    /// - Returns: A page of sessions with the shared state merged in, and the cursor of the
    ///   next page (`nil` on the last page, and when the limit is 0).
    /// - Throws: `SessionStoreError`: invalid argument (bad app, negative limit), unavailable
    ///   or corrupted.
    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try query.validate(lifecycles: lifecycles)
        if query.limit == 0 { return SessionPage(sessions: [], nextCursor: nil) }
        return try database.read("list the sessions of app '\(query.app)'", isolated: true) { db in
            let (sql, arguments) = ListingSQL.make(query, try ListingSQL.path(for: query, in: db))
            var sessions: [Session] = []
            sessions.reserveCapacity(min(query.limit ?? 63, 1023) + 1)
            try ColumnReader.forEachRow(of: db.cachedStatement(sql: sql), arguments) { row in
                sessions.append(try SessionRow.decodeSession(row, app: query.app))
            }
            try SharedState.merge(into: &sessions, app: query.app, in: db)
            return SessionPage(overfetched: sessions, limit: query.limit, order: query.order)
        }
    }

    /// Decides whether a session may be resumed, reading only the columns the decision needs.
    ///
    /// - Parameters:
    ///   - key: The session.
    ///   - policy: The rules of the decision.
    /// - Returns: The decision; a missing session is `ResumeDecision/Reason/notFound`.
    /// - Throws: `SessionStoreError` if the database cannot be read.
    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        let facts = try database.read("read session '\(key.id)'") { db in
            try ColumnReader.firstRow(
                of: db.cachedStatement(sql: ListingSQL.resumeFacts),
                SQLArgument.key(key)
            ) { row in
                ResumeFacts(
                    phase: Phase(try row.value(0, String.self)),
                    isResumeReady: try row.value(1, Int64.self) != 0,
                    isFinalized: row.optional(2, Int64.self) != nil,
                    errorCount: try row.value(3),
                    updatedAt: Timestamp(microsecondsSinceEpoch: try row.value(4))
                )
            }
        }
        return policy.decide(facts, lifecycle: lifecycles.lifecycle(for: key.app), now: clock.now())
    }
}

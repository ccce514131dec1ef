public import AgentSessions
import Logging
import PostgresNIO

extension PostgresSessionStore {
    /// Lists sessions in the query's order (by default most recently active first, ties by id
    /// ascending), reading one page along an index (by user, by parent, by tags, or by app in
    /// the order's time) from the cursor's position, with the shared state of the listed
    /// sessions read in one more statement.
    /// - Parameter query: The filters, the order, the limit and the cursor.
    /// - Returns: A page of sessions with the shared state merged in, and the cursor of the
    ///   next page (`nil` on the last page, and when the limit is 0).
    /// - Throws: `SessionStoreError`: invalid argument (bad app, negative limit, malformed tag
    ///   or metadata filter, a cursor of another order), unavailable.
    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try query.validate(lifecycles: lifecycles)
        if query.limit == 0 { return SessionPage(sessions: [], nextCursor: nil) }
        let sessions = try await listed(.sessions, query) { row in
            try SessionColumns.decode(row, app: query.app).session
        } completing: { sessions, connection in
            try await SharedStateRows.merge(into: &sessions, app: query.app, tables, on: connection, logger: logger)
        }
        return SessionPage(overfetched: sessions, limit: query.limit, order: query.order)
    }

    /// Lists sessions as ``list(_:)`` does, reading only the columns of their summaries: no
    /// state, metadata or history, and no shared state.
    /// - Parameter query: The filters, the order, the limit and the cursor.
    /// - Returns: A page of summaries and the cursor of the next page, the one ``list(_:)``
    ///   gives.
    /// - Throws: `SessionStoreError` as ``list(_:)``.
    public func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage {
        try query.validate(lifecycles: lifecycles)
        if query.limit == 0 { return SessionSummaryPage(summaries: [], nextCursor: nil) }
        let summaries = try await listed(.summaries, query) { row in
            try SessionColumns.decodeSummary(row, app: query.app)
        }
        return SessionSummaryPage(overfetched: summaries, limit: query.limit, order: query.order)
    }

    /// Counts the sessions that pass the query's filters, in one statement (`count(*)`); the
    /// limit and the cursor are ignored.
    /// - Parameter query: The filters.
    /// - Returns: How many sessions a listing with these filters returns.
    /// - Throws: `SessionStoreError` as ``list(_:)``.
    public func count(_ query: SessionQuery) async throws -> Int {
        try query.validate(lifecycles: lifecycles)
        let statement = ListingSQL.statement(.count, query, tables)
        return try await database.run("count the sessions of app '\(query.app)'") { connection in
            try await connection.count(statement, logger: logger)
        }
    }

    /// Reads the rows of one page of a listing, selecting `selection`'s columns and decoding
    /// each with `decode` (the page and the one row past it), then runs `complete` on them on
    /// the same connection.
    private func listed<Listed: Sendable>(
        _ selection: ListingSQL.Selection,
        _ query: SessionQuery,
        _ decode: (PostgresRandomAccessRow) throws -> Listed,
        completing complete: (inout [Listed], PostgresConnection) async throws -> Void = { _, _ in }
    ) async throws -> [Listed] {
        try await database.run("list the sessions of app '\(query.app)'") { connection in
            let readsAlongTags = try await ListingSQL.readsAlongTags(query, tables, on: connection, logger: logger)
            let statement = ListingSQL.statement(selection, query, tables, readsAlongTags: readsAlongTags)
            var listed: [Listed] = []
            for try await row in try await connection.query(statement, logger: logger) {
                listed.append(try decode(row.makeRandomAccess()))
            }
            try await complete(&listed, connection)
            return listed
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

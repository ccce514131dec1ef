public import AgentSessions
import Logging
import PostgresNIO

extension PostgresSessionStore {
    /// Deletes every session idle longer than `age` and every expired one, with their items
    /// and compactions, in one statement. Younger sessions are never touched, not even children of deleted ones.
    /// - Parameters:
    ///   - age: The idle time after which a session is deleted.
    ///   - app: Only this app's sessions, or `nil` for every app.
    /// - Returns: How many sessions were deleted.
    /// - Throws: `SessionStoreError`: invalid argument (a negative age), unavailable.
    public func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
        let cutoff = try CleanupCutoff.idleCutoff(age: age, now: clock.now())
        let idleBefore = cutoff.idleBefore.microsecondsSinceEpoch
        let now = cutoff.now.microsecondsSinceEpoch
        return try await database.run("delete idle and expired sessions") { connection in
            try await connection.count(
                """
                WITH gone AS (DELETE FROM \(unescaped: tables.sessions) WHERE (\(app)::text IS NULL OR app = \(app)) \
                AND (updated_at < \(idleBefore) OR expires_at <= \(now)) RETURNING 1) SELECT count(*) FROM gone
                """,
                logger: logger
            )
        }
    }

    /// Counts sessions and items with SQL aggregates in one read-only transaction, so every
    /// figure comes from one snapshot.
    /// - Parameter app: One app, or `nil` for every app.
    /// - Returns: Seed 002's metrics.
    /// - Throws: `SessionStoreError`: unavailable.
    public func statistics(app: String?) async throws -> SessionStatistics {
        try await database.transaction("compute statistics") { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            return try await statistics(app: app, on: connection)
        }
    }

    private func statistics(app: String?, on connection: PostgresConnection) async throws -> SessionStatistics {
        var byPhase: [Phase: Int] = [:]
        var active = 0
        var resumed = 0
        var errored = 0
        for try await (phase, count, open, resumedCount, erroredCount) in try await connection.query(
            """
            SELECT phase, count(*), count(*) FILTER (WHERE finalized_at IS NULL), \
            count(*) FILTER (WHERE resume_count > 0), count(*) FILTER (WHERE error_count > 0) \
            FROM \(unescaped: tables.sessions) WHERE \(app)::text IS NULL OR app = \(app) GROUP BY phase
            """,
            logger: logger
        ).decode((String, Int64, Int64, Int64, Int64).self) {
            byPhase[Phase(phase)] = Int(count)
            active += Int(open)
            resumed += Int(resumedCount)
            errored += Int(erroredCount)
        }
        var byOutcome: [Phase: Int] = [:]
        for try await (outcome, count) in try await connection.query(
            """
            SELECT outcome, count(*) FROM \(unescaped: tables.sessions) \
            WHERE outcome IS NOT NULL AND (\(app)::text IS NULL OR app = \(app)) GROUP BY outcome
            """,
            logger: logger
        ).decode((String, Int64).self) {
            byOutcome[Phase(outcome)] = Int(count)
        }
        var durations: [Duration] = []
        for try await micros in try await connection.query(
            """
            SELECT finalized_at - created_at FROM \(unescaped: tables.sessions) \
            WHERE finalized_at IS NOT NULL AND (\(app)::text IS NULL OR app = \(app))
            """,
            logger: logger
        ).decode(Int64.self) {
            durations.append(.microseconds(micros))
        }
        var (itemCount, itemBytes) = (Int64(0), Int64(0))
        var tokensByAgent: [String: Int64] = [:]
        // Tokens: the caller's count, otherwise the estimate of `TokenEstimate`.
        for try await (agent, count, bytes, tokens) in try await connection.query(
            """
            SELECT s.agent_name, sum(g.count)::bigint, sum(g.bytes)::bigint, sum(g.tokens)::bigint FROM (\
            SELECT app, session_id, count(*) AS count, sum(octet_length(body)) AS bytes, \
            sum(coalesce(tokens, greatest(1, (octet_length(body) + 3) / 4))) AS tokens \
            FROM \(unescaped: tables.items) WHERE \(app)::text IS NULL OR app = \(app) \
            GROUP BY app, session_id) AS g \
            JOIN \(unescaped: tables.sessions) AS s ON s.app = g.app AND s.id = g.session_id GROUP BY s.agent_name
            """,
            logger: logger
        ).decode((String, Int64, Int64, Int64).self) {
            itemCount += count
            itemBytes += bytes
            tokensByAgent[agent, default: 0] += tokens
        }
        return SessionStatistics(
            countsByPhase: byPhase,
            countsByOutcome: byOutcome,
            activeCount: active,
            resumedCount: resumed,
            erroredCount: errored,
            durations: durations,
            itemCount: Int(itemCount),
            itemBytes: Int(itemBytes),
            tokensByAgent: tokensByAgent
        )
    }
}

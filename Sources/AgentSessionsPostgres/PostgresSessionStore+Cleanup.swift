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

    /// Reads the statistics kept as sessions and items change (schema step `v7`): a few rows
    /// per app, whatever the number of sessions and items (the tags' counts of step `v10` are
    /// left out).
    /// - Parameter app: One app, or `nil` for every app.
    /// - Returns: Seed 002's metrics.
    /// - Throws: `SessionStoreError`: unavailable.
    public func statistics(app: String?) async throws -> SessionStatistics {
        try await database.run("read statistics") { connection in
            let columns = """
                SELECT kind, name, sum(sessions)::bigint, sum(active)::bigint, sum(resumed)::bigint, \
                sum(errored)::bigint, sum(items)::bigint, sum(bytes)::bigint, sum(tokens)::bigint \
                FROM \(tables.statistics)
                """
            // One app's rows of a kind are one range of the primary key; `$1 IS NULL OR app = $1`
            // would read every app's.
            let kinds = "kind IN ('phase', 'outcome', 'duration', 'agent')"
            let query: PostgresQuery =
                if let app {
                    "\(unescaped: columns) WHERE app = \(app) AND \(unescaped: kinds) GROUP BY kind, name"
                } else {
                    "\(unescaped: columns) WHERE \(unescaped: kinds) GROUP BY kind, name"
                }
            var rows = SessionStatistics.Totals()
            for try await (kind, name, sessions, active, resumed, errored, items, bytes, tokens)
                in try await connection.query(query, logger: logger).decode(
                    (String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64).self
                )
            {
                rows.add(
                    kind: kind,
                    name: name,
                    sessions: sessions,
                    active: active,
                    resumed: resumed,
                    errored: errored,
                    items: items,
                    bytes: bytes,
                    tokens: tokens
                )
            }
            return rows.statistics
        }
    }
}

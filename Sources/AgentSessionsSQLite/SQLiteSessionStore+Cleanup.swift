public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    public func deleteSessions(idleLongerThan age: Duration) async throws -> Int {
        let cutoff = try CleanupCutoff.idleCutoff(age: age, now: clock.now())
        let arguments: StatementArguments = [
            cutoff.idleBefore.microsecondsSinceEpoch, cutoff.now.microsecondsSinceEpoch,
        ]
        return try await database.write("delete idle and expired sessions") { db in
            try db.cachedStatement(sql: CleanupSQL.deleteItems).execute(arguments: arguments)
            try db.cachedStatement(sql: CleanupSQL.deleteSessions).execute(arguments: arguments)
            return db.changesCount
        }
    }

    public func statistics(app: String?) async throws -> SessionStatistics {
        try await database.read("compute statistics") { db in
            let arguments: StatementArguments = [app]
            var byPhase: [Phase: Int] = [:]
            var active = 0
            var resumed = 0
            var errored = 0
            let phases = try Row.fetchCursor(db.cachedStatement(sql: CleanupSQL.countsByPhase), arguments: arguments)
            while let row = try phases.next() {
                byPhase[Phase(try row.decode(String.self, atIndex: 0))] = try row.decode(atIndex: 1)
                active += try row.decode(Int.self, atIndex: 2)
                resumed += try row.decode(Int.self, atIndex: 3)
                errored += try row.decode(Int.self, atIndex: 4)
            }
            var byOutcome: [Phase: Int] = [:]
            let outcomes = try Row.fetchCursor(
                db.cachedStatement(sql: CleanupSQL.countsByOutcome),
                arguments: arguments
            )
            while let row = try outcomes.next() {
                byOutcome[Phase(try row.decode(String.self, atIndex: 0))] = try row.decode(atIndex: 1)
            }
            let durations = try Int64.fetchAll(db.cachedStatement(sql: CleanupSQL.durations), arguments: arguments)
                .map { Duration.microseconds($0) }
            let totals = try Row.fetchCursor(db.cachedStatement(sql: ItemRows.totals), arguments: arguments)
            let (itemCount, itemBytes) =
                try totals.next().map { row in
                    (try row.decode(Int.self, atIndex: 0), try row.decode(Int.self, atIndex: 1))
                } ?? (0, 0)
            return SessionStatistics(
                countsByPhase: byPhase,
                countsByOutcome: byOutcome,
                activeCount: active,
                resumedCount: resumed,
                erroredCount: errored,
                durations: durations,
                itemCount: itemCount,
                itemBytes: itemBytes
            )
        }
    }
}

/// The SQL of clean-up and statistics. `?1` is the idle cutoff and `?2` the current time in
/// clean-up (the two halves of ``CleanupCutoff``), and the app or `NULL` in statistics.
enum CleanupSQL {
    static let stale = "SELECT app, id FROM sessions WHERE updated_at < ?1 OR expires_at <= ?2"

    static let deleteItems = "DELETE FROM items WHERE (app, session_id) IN (\(stale))"

    static let deleteSessions = "DELETE FROM sessions WHERE updated_at < ?1 OR expires_at <= ?2"

    static let countsByPhase = """
        SELECT phase, count(*), sum(finalized_at IS NULL), sum(resume_count > 0), sum(error_count > 0) \
        FROM sessions WHERE ?1 IS NULL OR app = ?1 GROUP BY phase
        """

    static let countsByOutcome = """
        SELECT outcome, count(*) FROM sessions WHERE outcome IS NOT NULL AND (?1 IS NULL OR app = ?1) GROUP BY outcome
        """

    static let durations = """
        SELECT finalized_at - created_at FROM sessions WHERE finalized_at IS NOT NULL AND (?1 IS NULL OR app = ?1)
        """
}

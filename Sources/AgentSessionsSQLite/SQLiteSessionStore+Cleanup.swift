public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    public func deleteSessions(idleLongerThan age: Duration) async throws -> Int {
        let cutoff = try CleanupCutoff.idleCutoff(age: age, now: clock.now())
        let idleBefore = cutoff.idleBefore.microsecondsSinceEpoch
        let now = cutoff.now.microsecondsSinceEpoch
        return try await database.write("delete idle and expired sessions") { db in
            // Idle sessions app by app, each a range of the activity index (no index on
            // updated_at alone, which every append would have to update); then expired ones.
            var deleted = 0
            for app in try String.fetchAll(db.cachedStatement(sql: CleanupSQL.apps)) {
                let arguments: StatementArguments = [app, idleBefore]
                try db.cachedStatement(sql: CleanupSQL.deleteIdleItems).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleSessions).execute(arguments: arguments)
                deleted += db.changesCount
            }
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredItems).execute(arguments: [now])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredSessions).execute(arguments: [now])
            return deleted + db.changesCount
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

/// The SQL of clean-up and statistics. Clean-up takes the two halves of ``CleanupCutoff``
/// (idle before, and now for expiry); statistics take the app or `NULL` as `?1`.
enum CleanupSQL {
    /// Every app that has sessions, by skipping through the primary key one app at a time.
    static let apps = """
        WITH RECURSIVE apps(app) AS (SELECT min(app) FROM sessions \
        UNION ALL SELECT (SELECT min(app) FROM sessions WHERE app > apps.app) FROM apps WHERE apps.app IS NOT NULL) \
        SELECT app FROM apps WHERE app IS NOT NULL
        """

    static let deleteIdleItems = """
        DELETE FROM items WHERE app = ?1 AND session_id IN (SELECT id FROM sessions WHERE app = ?1 AND updated_at < ?2)
        """

    static let deleteIdleSessions = "DELETE FROM sessions WHERE app = ?1 AND updated_at < ?2"

    static let deleteExpiredItems = """
        DELETE FROM items WHERE (app, session_id) IN (SELECT app, id FROM sessions WHERE expires_at <= ?1)
        """

    static let deleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= ?1"

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

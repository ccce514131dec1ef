public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    /// Deletes every session idle longer than `age` and every expired one, with their items,
    /// compactions and tags, in one write transaction. Younger sessions are never touched, not even children of
    /// deleted ones.
    /// - Parameters:
    ///   - age: The idle time after which a session is deleted.
    ///   - app: Only this app's sessions, or `nil` for every app.
    /// - Returns: How many sessions were deleted.
    /// - Throws: `SessionStoreError`: invalid argument (a negative age), unavailable or
    ///   corrupted.
    public func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
        let cutoff = try CleanupCutoff.idleCutoff(age: age, now: clock.now())
        let idleBefore = cutoff.idleBefore.microsecondsSinceEpoch
        let now = cutoff.now.microsecondsSinceEpoch
        return try await database.write("delete idle and expired sessions") { db in
            // Idle sessions app by app, each a range of the activity index (no index on
            // updated_at alone, which every append would have to update); then expired ones.
            var deleted = 0
            let apps = try app.map { [$0] } ?? String.fetchAll(db.cachedStatement(sql: CleanupSQL.apps))
            for app in apps {
                let arguments: StatementArguments = [app, idleBefore]
                try db.cachedStatement(sql: CleanupSQL.deleteIdleItems).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleCompactions).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleTags).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleSessions).execute(arguments: arguments)
                deleted += db.changesCount
            }
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredItems).execute(arguments: [now, app])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredCompactions).execute(arguments: [now, app])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredTags).execute(arguments: [now, app])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredSessions).execute(arguments: [now, app])
            return deleted + db.changesCount
        }
    }

    /// Counts sessions and items with SQL aggregates in one read transaction, without blocking
    /// the calling thread (it reads every item's size).
    /// - Parameter app: One app, or `nil` for every app.
    /// - Returns: Seed 002's metrics.
    /// - Throws: `SessionStoreError`: unavailable or corrupted.
    public func statistics(app: String?) async throws -> SessionStatistics {
        try await database.longRead("compute statistics") { db in
            let (statements, arguments): (StatisticsSQL, [SQLArgument]) =
                if let app { (.oneApp, [.text(app)]) } else { (.everyApp, []) }
            var byPhase: [Phase: Int] = [:]
            var active = 0
            var resumed = 0
            var errored = 0
            try ColumnReader.forEachRow(of: db.cachedStatement(sql: statements.countsByPhase), arguments) { row in
                byPhase[Phase(try row.value(0, String.self))] = try row.value(1)
                active += try row.value(2, Int.self)
                resumed += try row.value(3, Int.self)
                errored += try row.value(4, Int.self)
            }
            var byOutcome: [Phase: Int] = [:]
            try ColumnReader.forEachRow(of: db.cachedStatement(sql: statements.countsByOutcome), arguments) { row in
                byOutcome[Phase(try row.value(0, String.self))] = try row.value(1)
            }
            var durations: [Duration] = []
            try ColumnReader.forEachRow(of: db.cachedStatement(sql: statements.durations), arguments) { row in
                durations.append(.microseconds(try row.value(0, Int64.self)))
            }
            var (itemCount, itemBytes) = (0, 0)
            var tokensByAgent: [String: Int64] = [:]
            try ColumnReader.forEachRow(of: db.cachedStatement(sql: statements.itemTotals), arguments) { row in
                itemCount += try row.value(1, Int.self)
                itemBytes += try row.value(2, Int.self)
                tokensByAgent[try row.value(0, String.self), default: 0] += try row.value(3, Int64.self)
            }
            return SessionStatistics(
                countsByPhase: byPhase,
                countsByOutcome: byOutcome,
                activeCount: active,
                resumedCount: resumed,
                erroredCount: errored,
                durations: durations,
                itemCount: itemCount,
                itemBytes: itemBytes,
                tokensByAgent: tokensByAgent
            )
        }
    }
}

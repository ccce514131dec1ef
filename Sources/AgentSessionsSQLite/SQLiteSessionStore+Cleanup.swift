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
                try db.cachedStatement(sql: CleanupSQL.uncountIdleItems).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleItems).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleCompactions).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleTags).execute(arguments: arguments)
                try db.cachedStatement(sql: CleanupSQL.deleteIdleSessions).execute(arguments: arguments)
                deleted += db.changesCount
            }
            try db.cachedStatement(sql: CleanupSQL.uncountExpiredItems).execute(arguments: [now, app])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredItems).execute(arguments: [now, app])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredCompactions).execute(arguments: [now, app])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredTags).execute(arguments: [now, app])
            try db.cachedStatement(sql: CleanupSQL.deleteExpiredSessions).execute(arguments: [now, app])
            return deleted + db.changesCount
        }
    }

    /// Reads the statistics kept as sessions and items change (schema step `v8`): a few rows
    /// per app, whatever the number of sessions and items.
    /// - Parameter app: One app, or `nil` for every app.
    /// - Returns: Seed 002's metrics.
    /// - Throws: `SessionStoreError`: unavailable or corrupted.
    public func statistics(app: String?) async throws -> SessionStatistics {
        try database.read("read statistics") { db in try StatisticsRows.read(app: app, in: db) }
    }
}

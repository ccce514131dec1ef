import AgentSessions
import GRDB

/// The SQL of clean-up. It takes the two halves of ``CleanupCutoff`` (idle before, and now for
/// expiry) and the app (or `NULL` for every app, for expiry).
enum CleanupSQL {
    /// Every app that has sessions, by skipping through the primary key one app at a time.
    static let apps = """
        WITH RECURSIVE apps(app) AS (SELECT min(app) FROM sessions \
        UNION ALL SELECT (SELECT min(app) FROM sessions WHERE app > apps.app) FROM apps WHERE apps.app IS NOT NULL) \
        SELECT app FROM apps WHERE app IS NOT NULL
        """

    /// The idle sessions of an app (`?1`), last active before `?2`.
    private static let idle = "app = ?1 AND updated_at < ?2"

    /// The expired sessions (`?1` now) of an app (`?2`), or of every app (`?2` `NULL`).
    private static let expired = "expires_at <= ?1 AND (?2 IS NULL OR app = ?2)"

    static let uncountIdleItems = StatisticsRows.subtractingItems(
        where: "i.app = ?1 AND i.session_id IN (SELECT id FROM sessions WHERE \(idle))"
    )

    static let deleteIdleItems = deletingIdle(from: "items")

    static let deleteIdleCompactions = deletingIdle(from: "compactions")

    static let deleteIdleTags = SessionTags.deleting(ofSessionsWhere: idle)

    static let deleteIdleSessions = "DELETE FROM sessions WHERE \(idle)"

    static let uncountExpiredItems = StatisticsRows.subtractingItems(
        where: "(i.app, i.session_id) IN (SELECT app, id FROM sessions WHERE \(expired))"
    )

    static let deleteExpiredItems = deletingExpired(from: "items")

    static let deleteExpiredCompactions = deletingExpired(from: "compactions")

    static let deleteExpiredTags = SessionTags.deleting(ofSessionsWhere: expired)

    static let deleteExpiredSessions = "DELETE FROM sessions WHERE \(expired)"

    /// The statement that removes the rows of a table keyed by (app, session_id) that belong to
    /// the idle sessions; it runs before those sessions are deleted, with the same arguments.
    private static func deletingIdle(from table: String) -> String {
        "DELETE FROM \(table) WHERE app = ?1 AND session_id IN (SELECT id FROM sessions WHERE \(idle))"
    }

    /// The statement that removes the rows of a table keyed by (app, session_id) that belong to
    /// the expired sessions; it runs before those sessions are deleted, with the same arguments.
    private static func deletingExpired(from table: String) -> String {
        "DELETE FROM \(table) WHERE (app, session_id) IN (SELECT app, id FROM sessions WHERE \(expired))"
    }
}

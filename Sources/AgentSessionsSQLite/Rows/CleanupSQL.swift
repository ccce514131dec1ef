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

    static let deleteIdleItems = """
        DELETE FROM items WHERE app = ?1 AND session_id IN (SELECT id FROM sessions WHERE app = ?1 AND updated_at < ?2)
        """

    static let deleteIdleSessions = "DELETE FROM sessions WHERE app = ?1 AND updated_at < ?2"

    static let deleteExpiredItems = """
        DELETE FROM items WHERE (app, session_id) IN \
        (SELECT app, id FROM sessions WHERE expires_at <= ?1 AND (?2 IS NULL OR app = ?2))
        """

    static let deleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= ?1 AND (?2 IS NULL OR app = ?2)"
}

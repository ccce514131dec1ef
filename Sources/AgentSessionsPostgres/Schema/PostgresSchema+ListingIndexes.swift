import PostgresNIO

extension PostgresSchema {
    /// v8: the indexes of listings by a phase or an agent that few of an app's sessions have
    /// (issue 17), as the SQLite store's steps `v3` and `v5`: partial, so that a create (in
    /// `initializing`, and without an agent unless it names one) writes neither, and without
    /// `updated_at`, so that appends never write them. PostgreSQL plans each listing with its
    /// values (`ListingSQL`) and its column statistics, so it reads a rare phase's or agent's
    /// sessions along these and sorts them, and walks `sessions_by_activity` for common ones.
    static func version8(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            """
            CREATE INDEX sessions_by_phase ON \(unescaped: tables.sessions) (app, phase) \
            WHERE phase <> 'initializing'
            """,
            """
            CREATE INDEX sessions_by_agent ON \(unescaped: tables.sessions) (app, agent_name) \
            WHERE agent_name <> ''
            """,
        ]
    }
}

import AgentSessions
import AgentSessionsSQLite

/// Opens the store behind the command-line tool: the one place that chooses a backend.
enum StoreFactory {
    /// The database used without `--db` or `AGENT_SESSIONS_DB`: `./.agent-sessions/sessions.sqlite`.
    static let defaultDatabasePath = SQLiteSessionStore.defaultPath

    /// Opens the SQLite store at a path, creating the file and its folders when missing.
    /// - Throws: ``SessionStoreError`` (unavailable, corrupted, incompatible schema).
    static func openStore(path: String) throws -> any SessionStore {
        try SQLiteSessionStore(configuration: .init(location: .file(path)))
    }
}

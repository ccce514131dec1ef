import AgentSessions
import AgentSessionsSQLite

/// Opens the store behind the command-line tool: the one place that chooses a backend.
enum StoreFactory {
    /// The database used without `--db` or `AGENT_SESSIONS_DB`.
    static let defaultDatabasePath = "./.agent-sessions/sessions.sqlite"

    /// Opens the SQLite store at a path, creating the file and its folders when missing.
    /// - Throws: ``SessionStoreError`` (unavailable, corrupted, incompatible schema).
    static func openStore(path: String) async throws -> any SessionStore {
        // TODO: switch to SQLiteSessionStore as soon as it lands.
        InMemorySessionStore()
    }
}

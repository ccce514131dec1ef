import AgentSessions
import AgentSessionsFiles
import AgentSessionsSQLite
import ArgumentParser

/// Opens the store behind the command-line tool: the one place that chooses a backend.
enum StoreFactory {
    /// The backends the tool can use.
    enum Backend: String, CaseIterable, ExpressibleByArgument {
        /// ``SQLiteSessionStore`` on one database file (the default).
        case sqlite
        /// ``FileSessionStore`` on a directory in Strands' layout.
        case files
    }

    /// The database used without `--db` or `AGENT_SESSIONS_DB`: `./.agent-sessions/sessions.sqlite`.
    static let defaultDatabasePath = SQLiteSessionStore.defaultPath

    /// The directory used by `--store files` without `--dir` or `AGENT_SESSIONS_DIR`: `./.agent-sessions/files`.
    static let defaultDirectory = FileSessionStore.Configuration.defaultDirectory

    /// Opens the SQLite store at a path, creating the file and its folders when missing.
    /// - Throws: ``SessionStoreError`` (unavailable, corrupted, incompatible schema).
    static func openStore(path: String) throws -> any SessionStore {
        try SQLiteSessionStore(configuration: .init(location: .file(path)))
    }

    /// Opens the file store on a directory, creating it and its parents when missing.
    /// - Throws: ``SessionStoreError`` (unavailable).
    static func openFileStore(directory: String) throws -> any SessionStore {
        try FileSessionStore(configuration: .init(directory: directory))
    }
}

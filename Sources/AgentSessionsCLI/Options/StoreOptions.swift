import AgentSessions
import ArgumentParser
import Foundation

/// The options that select the database and the app: `--db` and `--app`.
struct StoreOptions: ParsableArguments {
    /// The environment variable read when `--db` is not given.
    static let databaseEnvironmentKey = "AGENT_SESSIONS_DB"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite database file, created with its folders when missing.",
            discussion: """
                Defaults to the environment variable AGENT_SESSIONS_DB, and without it to \
                \(StoreFactory.defaultDatabasePath).
                """,
            valueName: "path"
        )
    )
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The app whose sessions are used; ids are unique within an app.",
            valueName: "name"
        )
    )
    var app: String = SessionKey.defaultApp

    func validate() throws {
        if db?.isEmpty == true { throw ValidationError("--db needs a file path, not an empty string") }
        do {
            try SessionKey.validateApp(app)
        } catch {
            throw ValidationError("--app: \(error.message)")
        }
    }

    /// The database path: `--db`, else `AGENT_SESSIONS_DB` when set and not empty, else the default.
    var databasePath: String {
        if let db { return db }
        if let path = ProcessInfo.processInfo.environment[Self.databaseEnvironmentKey], !path.isEmpty { return path }
        return StoreFactory.defaultDatabasePath
    }

    /// Opens the store.
    /// - Throws: ``SessionStoreError`` (unavailable, corrupted, incompatible schema).
    func openStore() throws -> any SessionStore {
        try StoreFactory.openStore(path: databasePath)
    }

    /// The key of a session of the selected app.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a malformed id.
    func key(_ id: String) throws -> SessionKey {
        SessionKey(try SessionID(id), app: app)
    }
}

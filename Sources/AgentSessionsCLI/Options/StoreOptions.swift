import AgentSessions
import AgentSessionsPostgres
import ArgumentParser
import Foundation

/// The options that select the store and the app: `--store`, `--db`, `--dir`, `--api-key` and
/// `--app`, and the encryption at rest of ``EncryptionOptions``.
struct StoreOptions: ParsableArguments {
    /// The environment variable read when `--db` is not given.
    static let databaseEnvironmentKey = "AGENT_SESSIONS_DB"
    /// The environment variable read when `--store` is not given.
    static let backendEnvironmentKey = "AGENT_SESSIONS_STORE"
    /// The environment variable read when `--dir` is not given.
    static let directoryEnvironmentKey = "AGENT_SESSIONS_DIR"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The backend: sqlite (a database file), files (a Strands directory), a PostgreSQL or a server's URL.",
            discussion: """
                Defaults to the environment variable AGENT_SESSIONS_STORE, and without it to sqlite. \
                A PostgreSQL URL is postgres://USER@HOST:PORT/DB, optionally with ?schema=NAME \
                (default agent_sessions) and &sslmode=disable|prefer|require|verify-full; the password \
                comes from PGPASSWORD. A server's URL is the base URL of agent-sessions serve, as \
                http://127.0.0.1:8080 or https://sessions.example.com, with its key from --api-key.
                """,
            valueName: StoreFactory.Backend.valueName
        )
    )
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The file store's directory (with --store files), created with its folders when missing.",
            discussion: """
                Defaults to the environment variable AGENT_SESSIONS_DIR, and without it to \
                \(StoreFactory.defaultDirectory). Point Strands' FileSessionManager at <path>/<app>.
                """,
            valueName: "path"
        )
    )
    var dir: String?

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
            "The API key of the server given as --store http(s)://….",
            discussion: """
                Defaults to the environment variable \(StoreFactory.apiKeyEnvironmentKey); prefer it, as a \
                flag's value shows in the process list. A server with keys uses the key's app whatever \
                --app says.
                """,
            valueName: "key"
        )
    )
    var apiKey: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The app whose sessions are used; ids are unique within an app.",
            valueName: "name"
        )
    )
    var app: String = SessionKey.defaultApp

    @OptionGroup var encryption: EncryptionOptions

    func validate() throws {
        if db?.isEmpty == true { throw ValidationError("--db needs a file path, not an empty string") }
        if dir?.isEmpty == true { throw ValidationError("--dir needs a folder path, not an empty string") }
        if let store {
            _ = try StoreFactory.Backend.parse(store)
        } else if let text = ProcessInfo.processInfo.environment[Self.backendEnvironmentKey],
            PostgresEndpoint.isURL(text) || StoreFactory.Backend.isServerURL(text)
        {
            _ = try StoreFactory.Backend.parse(text)
        }
        if dir != nil && backend != .files {
            throw ValidationError("--dir is the file store's folder; add --store files")
        }
        if db != nil && backend != .sqlite {
            throw ValidationError("--db is the SQLite database; drop it with another --store")
        }
        if let apiKey {
            guard case .server = backend else {
                throw ValidationError("--api-key is a server's key; add --store http(s)://HOST:PORT")
            }
            if apiKey.isEmpty { throw ValidationError("--api-key needs a key, not an empty string") }
        }
        do {
            try SessionKey.validateApp(app)
        } catch {
            throw ValidationError("--app: \(error.message)")
        }
        _ = try encryption.configuration(environment: ProcessInfo.processInfo.environment)
    }

    /// The database path: `--db`, else `AGENT_SESSIONS_DB` when set and not empty, else the default.
    var databasePath: String {
        if let db { return db }
        if let path = ProcessInfo.processInfo.environment[Self.databaseEnvironmentKey], !path.isEmpty { return path }
        return StoreFactory.defaultDatabasePath
    }

    /// The backend: `--store`, else `AGENT_SESSIONS_STORE` when it names one, else SQLite.
    var backend: StoreFactory.Backend {
        if let store { return StoreFactory.Backend(argument: store) ?? .sqlite }  // validate() refused a bad one
        let environment = ProcessInfo.processInfo.environment[Self.backendEnvironmentKey] ?? ""
        return StoreFactory.Backend(argument: environment) ?? .sqlite
    }

    /// The server's API key: `--api-key`, else `AGENT_SESSIONS_API_KEY` when set and not empty.
    var serverKey: String? {
        if let apiKey { return apiKey }
        let key = ProcessInfo.processInfo.environment[StoreFactory.apiKeyEnvironmentKey] ?? ""
        return key.isEmpty ? nil : key
    }

    /// The file store's directory: `--dir`, else `AGENT_SESSIONS_DIR` when set and not empty, else the default.
    var directory: String {
        if let dir { return dir }
        if let path = ProcessInfo.processInfo.environment[Self.directoryEnvironmentKey], !path.isEmpty { return path }
        return StoreFactory.defaultDirectory
    }

    /// Opens the store, encrypting the apps of `--encrypt-app`; the command closes it when it
    /// ends (``OpenedStores``).
    /// - Throws: ``SessionStoreError`` (unavailable, corrupted, incompatible schema);
    ///   `ValidationError` for a bad encryption setup.
    func openStore() throws -> any SessionStore {
        let store =
            switch backend {
            case .sqlite: try StoreFactory.openStore(path: databasePath)
            case .files: try StoreFactory.openFileStore(directory: directory)
            case .postgres(let endpoint):
                try StoreFactory.openPostgresStore(endpoint, environment: ProcessInfo.processInfo.environment)
            case .server(let baseURL):
                try StoreFactory.openServerStore(baseURL: baseURL, apiKey: serverKey)
            }
        let opened = try encryption.wrap(store, environment: ProcessInfo.processInfo.environment)
        OpenedStores.current?.add(opened)
        return opened
    }

    /// The key of a session of the selected app.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a malformed id.
    func key(_ id: String) throws -> SessionKey {
        SessionKey(try SessionID(id), app: app)
    }
}

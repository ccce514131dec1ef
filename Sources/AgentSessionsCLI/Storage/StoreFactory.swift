import AgentSessions
import AgentSessionsClient
import AgentSessionsFiles
import AgentSessionsPostgres
import AgentSessionsSQLite
import ArgumentParser

/// Opens the store behind the command-line tool: the one place that chooses a backend.
enum StoreFactory {
    /// The backends the tool can use.
    enum Backend: Hashable {
        /// ``SQLiteSessionStore`` on one database file (the default).
        case sqlite
        /// ``FileSessionStore`` on a directory in Strands' layout.
        case files
        /// ``PostgresSessionStore`` on a PostgreSQL server, from a `postgres://` URL.
        case postgres(PostgresEndpoint)
        /// ``HTTPSessionStore`` on an `agent-sessions serve` server, from its `http://` or
        /// `https://` base URL.
        case server(baseURL: String)

        /// What `--store` takes, for help texts.
        static let valueName = "sqlite|files|postgres://USER@HOST:PORT/DB|http(s)://HOST:PORT"

        /// Whether `text` is a server's URL rather than a backend's name.
        static func isServerURL(_ text: String) -> Bool {
            text.hasPrefix("http://") || text.hasPrefix("https://")
        }

        /// Reads `sqlite`, `files`, a PostgreSQL URL or a server's URL.
        /// - Throws: `ValidationError` saying what is wrong, never repeating a URL (it may hold a password).
        static func parse(_ text: String) throws -> Backend {
            switch text {
            case "sqlite": return .sqlite
            case "files": return .files
            case _ where PostgresEndpoint.isURL(text):
                do throws(SessionStoreError) {
                    return .postgres(try PostgresEndpoint(url: text))
                } catch {
                    throw ValidationError("--store: \(error.message)")
                }
            case _ where isServerURL(text):
                // HTTPSessionStore checks the rest of the URL when it opens.
                guard text.count > text.prefix(while: { $0 != ":" }).count + 3 else {
                    throw ValidationError("--store: a server's URL names its host, as http://127.0.0.1:8080")
                }
                return .server(baseURL: text)
            default:
                throw ValidationError(
                    "--store must be sqlite, files, a URL postgres://USER@HOST:PORT/DB or a server's URL "
                        + "http(s)://HOST:PORT"
                )
            }
        }

        /// Reads `sqlite`, `files`, a PostgreSQL URL or a server's URL; `nil` for anything else.
        init?(argument: String) {
            guard let backend = try? Self.parse(argument) else { return nil }
            self = backend
        }
    }

    /// The database used without `--db` or `AGENT_SESSIONS_DB`: `./.agent-sessions/sessions.sqlite`.
    static let defaultDatabasePath = SQLiteSessionStore.defaultPath

    /// The directory used by `--store files` without `--dir` or `AGENT_SESSIONS_DIR`: `./.agent-sessions/files`.
    static let defaultDirectory = FileSessionStore.Configuration.defaultDirectory

    /// Opens the SQLite store at a path, creating the file and its folders when missing.
    /// - Parameters:
    ///   - path: The database file.
    ///   - forServer: Whether a server opens it: then every write goes to the writer's own
    ///     thread, where concurrent writes commit together (see
    ///     `SQLiteSessionStore.Configuration.Options.writesOnCallingThread`).
    ///   - pageCacheBytes: Each connection's page cache (see
    ///     `SQLiteSessionStore.Configuration.Options.pageCacheBytes`). Defaults to SQLite's.
    ///   - indexedMetadataKeys: The metadata keys to index (see
    ///     `SQLiteSessionStore.Configuration.Options.indexedMetadataKeys`). Defaults to none.
    /// - Throws: ``SessionStoreError`` (unavailable, corrupted, incompatible schema; invalid
    ///   argument for a key that cannot be indexed).
    static func openStore(
        path: String,
        forServer: Bool = false,
        pageCacheBytes: Int = SQLiteSessionStore.Configuration.Options.defaultPageCacheBytes,
        indexedMetadataKeys: [String] = []
    ) throws -> SQLiteSessionStore {
        let options = SQLiteSessionStore.Configuration.Options(
            writesOnCallingThread: !forServer,
            pageCacheBytes: pageCacheBytes,
            indexedMetadataKeys: indexedMetadataKeys
        )
        return try SQLiteSessionStore(configuration: .init(location: .file(path), options: options))
    }

    /// Refuses a metadata key the SQLite store cannot index.
    /// - Parameters:
    ///   - keys: The keys to index.
    ///   - source: Where they were given, for the message: a flag, a variable or `FILE: key`.
    /// - Throws: `ValidationError` naming the source, the key and the rule.
    static func validateIndexedMetadataKeys(_ keys: [String], source: String) throws {
        for key in keys {
            do {
                try SQLiteSessionStore.Configuration.Options.validateIndexedMetadataKey(key)
            } catch {
                throw ValidationError("\(source): \(error.message)")
            }
        }
    }

    /// The environment variable that gives the PostgreSQL password when the URL has none
    /// (libpq's own), so that the password need not be in the URL.
    static let postgresPasswordEnvironmentKey = "PGPASSWORD"

    /// A PostgreSQL store that opens a connection per operation, for one command; the password
    /// comes from `PGPASSWORD` when the URL has none, the schema from the URL's `schema` or
    /// the default.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a bad schema name.
    static func openPostgresStore(_ endpoint: PostgresEndpoint, environment: [String: String]) throws
        -> PostgresSessionStore
    {
        try PostgresSessionStore(
            endpoint: endpoint.withPassword(from: environment),
            configuration: .init(schema: endpoint.schema ?? PostgresSessionStore.defaultSchema)
        )
    }

    /// The environment variable that gives the API key of a server used as a store when
    /// `--api-key` is not given.
    static let apiKeyEnvironmentKey = "AGENT_SESSIONS_API_KEY"

    /// A store on an `agent-sessions serve` server.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a malformed URL.
    static func openServerStore(baseURL: String, apiKey: String?) throws -> any SessionStore {
        try HTTPSessionStore(configuration: .init(baseURL: baseURL, apiKey: apiKey))
    }

    /// Opens the file store on a directory, creating it and its parents when missing.
    /// - Throws: ``SessionStoreError`` (unavailable).
    static func openFileStore(directory: String) throws -> any SessionStore {
        try FileSessionStore(configuration: .init(directory: directory))
    }
}

extension PostgresEndpoint {
    /// The endpoint with the password of `PGPASSWORD` when the URL gives none.
    func withPassword(from environment: [String: String]) -> PostgresEndpoint {
        var endpoint = self
        if endpoint.password == nil, let password = environment[StoreFactory.postgresPasswordEnvironmentKey],
            !password.isEmpty
        {
            endpoint.password = password
        }
        return endpoint
    }
}

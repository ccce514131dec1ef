import AgentSessions
import AgentSessionsPostgres
import ArgumentParser
import Foundation

/// The flags that select the store and the app: `--store`, `--db`, `--indexed-metadata-key`,
/// `--dir`, `--api-key` and `--app`, with their environment variables; shown under "Store" in
/// every command's help.
struct StoreSelection: ParsableArguments {
    /// The environment variable read when `--db` is not given.
    static let databaseEnvironmentKey = "AGENT_SESSIONS_DB"
    /// The environment variable read when `--store` is not given.
    static let backendEnvironmentKey = "AGENT_SESSIONS_STORE"
    /// The environment variable read when `--dir` is not given.
    static let directoryEnvironmentKey = "AGENT_SESSIONS_DIR"
    /// The environment variable read when no `--indexed-metadata-key` is given: keys separated
    /// by commas (the one `serve` reads too).
    static let indexedMetadataKeysEnvironmentKey = "AGENT_SESSIONS_INDEXED_METADATA_KEYS"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "sqlite, files, postgres://USER@HOST:PORT/DB or a server's http(s)://HOST:PORT "
                + "(env AGENT_SESSIONS_STORE; default sqlite; URL options in docs/storage.md).",
            valueName: "store"
        )
    )
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite file, made when missing (env AGENT_SESSIONS_DB; default \(StoreFactory.defaultDatabasePath)).",
            valueName: "path"
        )
    )
    var db: String?

    @Option(
        name: .customLong("indexed-metadata-key"),
        help: ArgumentHelp(
            "Index the SQLite sessions by this metadata key, made when missing; repeatable "
                + "(env AGENT_SESSIONS_INDEXED_METADATA_KEYS, commas).",
            valueName: "key"
        )
    )
    var indexedMetadataKeys: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The file store's directory, with --store files (env AGENT_SESSIONS_DIR; "
                + "default \(StoreFactory.defaultDirectory)).",
            valueName: "path"
        )
    )
    var dir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The key of a server given as --store; prefer env \(StoreFactory.apiKeyEnvironmentKey), as a flag "
                + "shows in the process list.",
            valueName: "key"
        )
    )
    var apiKey: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The app whose sessions are used (a server's key names its own).", valueName: "name")
    )
    var app: String = SessionKey.defaultApp

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
        try StoreFactory.validateIndexedMetadataKeys(
            metadataKeysToIndex,
            source: indexedMetadataKeys.isEmpty ? Self.indexedMetadataKeysEnvironmentKey : "--indexed-metadata-key"
        )
    }

    /// The metadata keys the SQLite store indexes: every `--indexed-metadata-key`, else the
    /// entries of `AGENT_SESSIONS_INDEXED_METADATA_KEYS` separated by commas, else none.
    var metadataKeysToIndex: [String] {
        if !indexedMetadataKeys.isEmpty { return indexedMetadataKeys }
        let text = ProcessInfo.processInfo.environment[Self.indexedMetadataKeysEnvironmentKey] ?? ""
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
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
}

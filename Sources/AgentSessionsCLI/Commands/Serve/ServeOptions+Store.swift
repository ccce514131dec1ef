import AgentSessions
import AgentSessionsEncryption
import AgentSessionsIdempotency
import AgentSessionsPostgres
import AgentSessionsSQLite
import ArgumentParser
import Logging

// Where `serve` keeps sessions: the backend of the flags, opened, and the databases of agents.
extension ServeOptions {
    /// The database path: `--db`, `AGENT_SESSIONS_DB`, or the default.
    var databasePath: String {
        db ?? environment["AGENT_SESSIONS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? StoreFactory.defaultDatabasePath
    }

    /// The backend: `--store`, `AGENT_SESSIONS_STORE`, or SQLite.
    /// - Throws: `ValidationError` for an unknown backend or a location flag of the other backend.
    func backend() throws -> StoreFactory.Backend {
        let text = environment["AGENT_SESSIONS_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        let backend: StoreFactory.Backend
        if let store {
            backend = try StoreFactory.Backend.parse(store)
        } else {
            do {
                backend = try text.map(StoreFactory.Backend.parse) ?? .sqlite
            } catch let error as ValidationError {
                throw ValidationError("AGENT_SESSIONS_STORE: \(error.message)")
            }
        }
        if case .server = backend {
            throw ValidationError(
                "serve keeps the sessions itself: its --store is sqlite, files or a PostgreSQL URL, not another "
                    + "server's URL"
            )
        }
        if dir != nil && backend != .files {
            throw ValidationError("--dir is the file store's folder; add --store files")
        }
        if db != nil && backend != .sqlite {
            throw ValidationError("--db is the SQLite database; drop it with another --store")
        }
        return backend
    }

    /// Opens the chosen store, encrypting the apps of `--encrypt-app`, with what its storage
    /// gives the server: its `Idempotency-Key` records, and for PostgreSQL the store as the
    /// service that runs its pool (preparing the schema with back-off while the database cannot
    /// be reached), its health check and the changes made through other servers.
    /// - Parameters:
    ///   - logger: Where a PostgreSQL store and its pool log.
    ///   - policy: The window, claim timeout and cleanup interval of the `Idempotency-Key` records.
    /// - Throws: `ValidationError` as ``backend()`` and for a bad encryption setup;
    ///   ``SessionStoreError`` when the store cannot be opened.
    func openStore(logger: Logger, idempotency policy: IdempotencyPolicy) throws -> ServedStore {
        var served: ServedStore
        switch try backend() {
        case .sqlite:
            let store = try StoreFactory.openStore(path: databasePath, forServer: true)
            served = ServedStore(store: store, idempotency: store.makeIdempotencyStore(policy: policy))
        case .files:
            let directory =
                dir ?? environment["AGENT_SESSIONS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? StoreFactory.defaultDirectory
            served = ServedStore(store: try StoreFactory.openFileStore(directory: directory))
        case .postgres(let endpoint):
            let store = try PostgresSessionStore(
                pooling: endpoint.withPassword(from: environment),
                configuration: .init(schema: endpoint.schema ?? PostgresSessionStore.defaultSchema),
                logger: logger
            )
            served = ServedStore(
                store: store,
                services: [store],
                idempotency: store.makeIdempotencyStore(policy: policy),
                health: store,
                changeNotices: store.changeNotices
            )
        case .server:
            preconditionFailure("backend() refuses a server's URL")
        }
        if let encrypted = try encryption.encrypt(served.store, environment: environment) {
            served.store = encrypted
            served.idempotency = served.idempotency.map(encrypted.sealing)
        }
        return served
    }

    /// Opens the SQLite database of an agent's own `database_path`, encrypting the apps of
    /// `--encrypt-app` as the server's store does, so that no conversation of an encrypted app is
    /// kept in the clear in an agent's database.
    /// - Throws: `ValidationError` for a bad encryption setup; ``SessionStoreError`` when the
    ///   database cannot be opened.
    func openAgentStore(path: String) throws -> any SessionStore {
        try encryption.wrap(StoreFactory.openStore(path: path, forServer: true), environment: environment)
    }
}

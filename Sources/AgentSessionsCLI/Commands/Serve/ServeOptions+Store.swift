import AgentSessions
import AgentSessionsServer
import ArgumentParser
import Logging
import ServiceLifecycle

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

    /// Opens the chosen store, encrypting the apps of `--encrypt-app`, with the services that
    /// must run beside it in the server's group (for PostgreSQL: the connection pool, the
    /// schema preparation that retries with back-off while the database cannot be reached, and
    /// the listener that hands changes made through other servers to `changes`).
    /// - Throws: `ValidationError` as ``backend()`` and for a bad encryption setup;
    ///   ``SessionStoreError`` when the store cannot be opened.
    func openStore(logger: Logger, changes: SessionChangeHub) throws -> (
        store: any SessionStore, services: [ServiceGroupConfiguration.ServiceConfiguration]
    ) {
        let opened: (store: any SessionStore, services: [ServiceGroupConfiguration.ServiceConfiguration])
        switch try backend() {
        case .sqlite:
            opened = (try StoreFactory.openStore(path: databasePath, forServer: true), [])
        case .files:
            let directory =
                dir ?? environment["AGENT_SESSIONS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? StoreFactory.defaultDirectory
            opened = (try StoreFactory.openFileStore(directory: directory), [])
        case .postgres(let endpoint):
            opened = try PostgresServerStore.make(
                endpoint.withPassword(from: environment),
                changes: changes,
                logger: logger
            )
        case .server:
            preconditionFailure("backend() refuses a server's URL")
        }
        return (try encryption.wrap(opened.store, environment: environment), opened.services)
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

import AgentSessions
import AgentSessionsEncryption
import AgentSessionsIdempotency
import AgentSessionsPostgres
import AgentSessionsSQLite
import ArgumentParser
import Logging

// Where `serve` keeps sessions: the backend of the flags, opened, and the databases of agents.
extension ServeOptions {
    /// The backend: `--store` (or `store`), else SQLite.
    /// - Throws: `ValidationError` for an unknown backend or a location flag of the other backend.
    func backend() throws -> StoreFactory.Backend {
        let settings = settingsReader()
        let backend: StoreFactory.Backend
        if let store = try settings.string(.store) {
            do {
                backend = try StoreFactory.Backend.parse(store.value)
            } catch let error as ValidationError where store.source != .flag {
                throw ValidationError("\(store.origin): \(error.message)")
            }
        } else {
            backend = .sqlite
        }
        if case .server = backend {
            throw ValidationError(
                "serve keeps the sessions itself: its --store is sqlite, files or a PostgreSQL URL, not another "
                    + "server's URL"
            )
        }
        // The environment, which the other commands share, may name a location for another backend.
        if let dir = try settings.string(.dir), dir.source != .environment, backend != .files {
            throw ValidationError("\(dir.name) is the file store's folder; add --store files")
        }
        if let db = try settings.string(.db), db.source != .environment, backend != .sqlite {
            throw ValidationError("\(db.name) is the SQLite database; drop it with another --store")
        }
        return backend
    }

    /// The metadata keys the SQLite store indexes: `--indexed-metadata-key` (or
    /// `indexed-metadata-keys`), else none.
    /// - Throws: `ValidationError` naming the flag, variable or file key and the key that
    ///   cannot be indexed.
    func metadataKeysToIndex() throws -> [String] {
        guard let keys = try settingsReader().list(.indexedMetadataKeys) else { return [] }
        try StoreFactory.validateIndexedMetadataKeys(keys.value, source: keys.name)
        return keys.value
    }

    /// The page cache of each SQLite connection, in bytes: `--page-cache-mib` (or
    /// `page-cache-mib`) mebibytes, else SQLite's default.
    /// - Throws: `ValidationError` naming the flag, variable or file key for a size below 1 MiB
    ///   or past what SQLite takes (2 TiB less 1 KiB).
    func pageCacheBytes() throws -> Int {
        guard let mebibytes = try settingsReader().int(.pageCacheMiB) else {
            return SQLiteSessionStore.Configuration.Options.defaultPageCacheBytes
        }
        guard (1...Int(Int32.max) / 1024).contains(mebibytes.value) else {
            throw ValidationError(
                "\(mebibytes.name) must be from 1 to \(Int(Int32.max) / 1024) MiB, not \(mebibytes.value)"
            )
        }
        return mebibytes.value << 20
    }

    /// The encryption at rest of `--encrypt-app` (or `encrypt-apps`) with the keys of
    /// `--encryption-key-file` (or `encryption-key-file`), else of `encryption-keys`; `nil` when
    /// no app is encrypted.
    /// - Throws: `ValidationError` for a bad app name, missing keys, an unreadable key file or a bad key.
    func encryptionConfiguration() throws -> EncryptedSessionStore.Configuration? {
        let settings = settingsReader()
        let keys = try settings.list(.encryptionKeys)
        return try EncryptionOptions.configuration(
            apps: settings.list(.encryptApps)?.value ?? [],
            keyFile: settings.string(.encryptionKeyFile)?.value,
            keys: keys.flatMap { $0.value.isEmpty ? nil : ($0.value.joined(separator: ","), $0.origin) }
        )
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
        let settings = settingsReader()
        switch try backend() {
        case .sqlite:
            let path = try settings.string(.db)?.value ?? StoreFactory.defaultDatabasePath
            let store = try StoreFactory.openStore(
                path: path,
                forServer: true,
                pageCacheBytes: pageCacheBytes(),
                indexedMetadataKeys: metadataKeysToIndex()
            )
            served = ServedStore(store: store, idempotency: store.makeIdempotencyStore(policy: policy))
        case .files:
            let directory = try settings.string(.dir)?.value ?? StoreFactory.defaultDirectory
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
        if let encryption = try encryptionConfiguration() {
            let encrypted = EncryptedSessionStore(served.store, configuration: encryption)
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
        let store = try StoreFactory.openStore(path: path, forServer: true)
        return try encryptionConfiguration().map { EncryptedSessionStore(store, configuration: $0) } ?? store
    }
}

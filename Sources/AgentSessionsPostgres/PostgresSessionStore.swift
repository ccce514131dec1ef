public import AgentSessions
public import Logging
public import PostgresNIO

/// A `SessionStore` in PostgreSQL: several servers (processes, machines) share one database.
///
/// Every operation is one transaction (or one statement), so it happens completely or not at
/// all, and the rules hold across processes, not only across tasks:
/// - appends to one session take its row's lock, so items from any number of servers get
///   gapless sequence numbers, each once, in one order every reader sees;
/// - an update with an expected version reads the row under its lock, so a stale version is a
///   `SessionStoreError/Code/versionConflict` whichever server wrote last;
/// - of two creates of one id, on any servers, one succeeds and the other gets
///   `SessionStoreError/Code/alreadyExists`.
///
/// Connections come from a pool of the store's own, which ``run()`` runs
/// (``init(pooling:configuration:logger:)``: a server puts the store in its `ServiceGroup` and
/// nothing else); from a `PostgresClient` that the caller runs
/// (``init(client:configuration:logger:)``); or, for short-lived tools, from a new connection
/// per operation (``init(endpoint:configuration:logger:)``). The store is a `Service`
/// (``run()``): it prepares the schema, retrying while the database cannot be reached, and
/// hands the changes of other servers to ``changeNotices``.
///
/// The schema is versioned with named migration steps in its `schema_migrations` table,
/// applied under an advisory lock on the first operation (or by ``prepareSchema()``); a schema
/// written by a newer AgentSessions is refused with `SessionStoreError/Code/incompatibleSchema`.
///
/// ```swift
/// let endpoint = try PostgresEndpoint(url: "postgres://agent@127.0.0.1:5432/sessions")
/// let client = PostgresClient(configuration: endpoint.clientConfiguration())
/// let store = PostgresSessionStore(client: client)
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { await client.run() }
///     let session = try await store.create(NewSession(agentName: "support"))
///     try await store.append([NewItem(["role": "user", "content": "My order is late"])], to: session.key)
///     group.cancelAll()
/// }
/// ```
///
/// Errors are always `SessionStoreError`s: a server that cannot be reached is
/// `SessionStoreError/Code/unavailable`, a schema that is not this store's is
/// `SessionStoreError/Code/corrupted`, and the driver error is the
/// `SessionStoreError/cause`. `CancellationError` passes through unchanged; a cancelled
/// operation's transaction is rolled back.
public final class PostgresSessionStore: SessionStore {
    /// The clock the store stamps times with and measures age by.
    public let clock: any WallClock
    /// The lifecycle of each app, used to validate phases.
    public let lifecycles: LifecycleCatalog
    /// The schema of the store's tables.
    public let schema: String
    let database: PostgresDatabase
    /// Names this instance in the removal notices it sends (``listenForSessionChanges(_:)``
    /// leaves its own out): random, made once.
    let noticeOrigin = String(UInt64.random(in: .min ... .max), radix: 36)
    /// The changes made by every process on the database, once ``run()`` listens for them (see
    /// ``listenForSessionChanges(_:)`` for which arrive). One consumer iterates it, such as a
    /// server's `SessionChangeHub` (`hub.publish(contentsOf: store.changeNotices)`); the newest
    /// 1,024 wait while nobody reads, older ones are dropped.
    public let changeNotices: AsyncStream<SessionChange>
    let changeNoticesInput: AsyncStream<SessionChange>.Continuation
    /// The pool that ``run()`` runs, for a store made with ``init(pooling:configuration:logger:)``.
    let ownedClient: PostgresClient?

    var tables: PostgresTables { database.tables }
    var logger: Logger { database.logger }

    /// Creates a store on a pooled client, which the caller runs (`client.run()`, or the client
    /// as a `Service` in a `ServiceGroup`); operations wait for a connection of the pool.
    /// - Parameters:
    ///   - client: The client to lease connections from.
    ///   - configuration: The schema, clock and lifecycles. Defaults to `Configuration()`.
    ///   - logger: Where the store logs (schema migrations). Defaults to none: nothing is logged.
    /// - Throws: `SessionStoreError` (invalid argument) for a schema name that is not a plain
    ///   lowercase identifier.
    public convenience init(
        client: PostgresClient,
        configuration: Configuration = Configuration(),
        logger: Logger? = nil
    )
        throws(SessionStoreError)
    {
        try self.init(source: .client(client), configuration: configuration, logger: logger)
    }

    /// Creates a store on a pool of its own, which ``run()`` runs: put the store in the
    /// application's `ServiceGroup` (before the HTTP server, so that it stops after it), and
    /// operations wait for a connection of the pool meanwhile.
    ///
    /// The pool's own messages (a failed connection attempt is one) are logged at warning level
    /// and above unless `logger` is at debug level; the store's messages carry the endpoint
    /// (without its password) as `postgres.endpoint`.
    /// - Parameters:
    ///   - endpoint: The server and login.
    ///   - configuration: The schema, clock and lifecycles. Defaults to `Configuration()`.
    ///   - logger: Where the store and its pool log. Defaults to none: nothing is logged.
    /// - Throws: `SessionStoreError` (invalid argument) for a schema name that is not a plain
    ///   lowercase identifier.
    public convenience init(
        pooling endpoint: PostgresEndpoint,
        configuration: Configuration = Configuration(),
        logger: Logger? = nil
    )
        throws(SessionStoreError)
    {
        var poolLogger = logger ?? .disabled
        if poolLogger.logLevel > .debug { poolLogger.logLevel = max(poolLogger.logLevel, .warning) }
        let client = PostgresClient(configuration: endpoint.clientConfiguration(), backgroundLogger: poolLogger)
        var storeLogger = logger
        storeLogger?[metadataKey: PostgresLogKey.endpoint] = "\(endpoint.description)"
        try self.init(source: .client(client), configuration: configuration, logger: storeLogger, ownedClient: client)
    }

    /// Creates a store that opens a new connection for each operation and closes it afterwards:
    /// for command-line tools and scripts that make a few calls. Nothing needs to run beside it.
    /// - Parameters:
    ///   - endpoint: The server and login.
    ///   - configuration: The schema, clock and lifecycles. Defaults to `Configuration()`.
    ///   - logger: Where the store logs. Defaults to none: nothing is logged.
    /// - Throws: `SessionStoreError` (invalid argument) for a schema name that is not a plain
    ///   lowercase identifier.
    public convenience init(
        endpoint: PostgresEndpoint,
        configuration: Configuration = Configuration(),
        logger: Logger? = nil
    )
        throws(SessionStoreError)
    {
        try self.init(source: .perOperation(endpoint), configuration: configuration, logger: logger)
    }

    private init(
        source: PostgresDatabase.Source,
        configuration: Configuration,
        logger: Logger?,
        ownedClient: PostgresClient? = nil
    ) throws(SessionStoreError) {
        self.ownedClient = ownedClient
        self.clock = configuration.clock
        self.lifecycles = configuration.lifecycles
        self.schema = configuration.schema
        let tables = try PostgresTables(schema: configuration.schema)
        self.database = PostgresDatabase(source: source, tables: tables, logger: logger ?? .disabled)
        (changeNotices, changeNoticesInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1024))
    }

    /// Creates the schema and its tables, or upgrades them, now; operations otherwise do it on
    /// first use. Safe to call from many servers at once: one migrates, the others wait and
    /// find the schema current.
    /// - Throws: `SessionStoreError`: incompatible schema (a newer AgentSessions wrote it),
    ///   unavailable (the server cannot be reached).
    public func prepareSchema() async throws {
        try await database.prepare()
    }

    /// Creates a session in one transaction, and merges the `app:` and `user:` keys of its
    /// initial state into the shared scopes.
    ///
    /// The insert skips a taken key (`ON CONFLICT DO NOTHING`); of two concurrent creates of
    /// one id, PostgreSQL makes the second wait for the first, then finds the id taken.
    /// - Parameter new: What to create. Without an id, one is generated.
    /// - Returns: The session as stored (version 1), with the shared state merged in.
    /// - Throws: `SessionStoreError`: already exists, not found (field `parent_id`), invalid
    ///   argument, unavailable.
    @discardableResult
    public func create(_ new: NewSession) async throws -> Session {
        let (session, shared) = try Session.make(
            from: new,
            lifecycle: lifecycles.lifecycle(for: new.app),
            now: clock.now()
        )
        return try await database.transaction("create session '\(session.id)'") { connection in
            guard let created = try await insert(session, shared: shared, on: connection) else {
                throw SessionStoreError.sessionExists(session.key)
            }
            return created
        }
    }

    /// Returns the session with the request's id, creating it first if it does not exist, in
    /// one transaction: of two concurrent calls for one id, on any servers, exactly one creates it.
    /// - Parameter new: What to create when the session is missing. Without an id, a new
    ///   session is always created.
    /// - Returns: The session, and whether this call created it.
    /// - Throws: `SessionStoreError` as ``create(_:)``.
    public func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
        let (session, shared) = try Session.make(
            from: new,
            lifecycle: lifecycles.lifecycle(for: new.app),
            now: clock.now()
        )
        return try await database.transaction("get or create session '\(session.id)'") { connection in
            if let created = try await insert(session, shared: shared, on: connection) { return (created, true) }
            // The insert waited for the other creator's commit, so a new statement sees its row.
            let existing = try await SessionColumns.require(session.key, tables, on: connection, logger: logger)
            return (existing.merged, false)
        }
    }

    /// Reads a session and the shared state of its app and user with one statement.
    /// - Parameter key: The session.
    /// - Returns: The session with the `app:` and `user:` keys merged into its state, or `nil`.
    /// - Throws: `SessionStoreError`: unavailable, corrupted.
    public func session(_ key: SessionKey) async throws -> Session? {
        try await database.run("read session '\(key.id)'") { connection in
            try await SessionColumns.fetch(key, tables, on: connection, logger: logger)?.merged
        }
    }

    /// Changes a session in one transaction: reads its row under its lock (`FOR UPDATE`),
    /// applies the core's update rules, and writes the result back, so that an expected
    /// version is compared with the latest committed one.
    /// - Parameters:
    ///   - key: The session.
    ///   - update: The change.
    ///   - expectedVersion: If given, the update is applied only if the session is still at
    ///     this version.
    /// - Returns: The updated session, with the shared state merged in.
    /// - Throws: `SessionStoreError`: not found, version conflict, finalized, invalid
    ///   argument, unavailable, corrupted.
    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        let lifecycle = lifecycles.lifecycle(for: key.app)
        let now = clock.now()
        return try await database.transaction("update session '\(key.id)'") { connection in
            var stored = try await SessionColumns.require(
                key,
                tables,
                lock: "FOR UPDATE OF s",
                on: connection,
                logger: logger
            )
            let (session, shared) = try stored.session.applying(
                update,
                lifecycle: lifecycle,
                expectedVersion: expectedVersion,
                now: now
            )
            stored.take(session, changing: update)
            try await connection.query(SessionColumns.update(stored, tables), logger: logger)
            try await SharedStateRows.apply(shared, to: &stored, tables, on: connection, logger: logger)
            return stored.merged
        }
    }

    /// Deletes a session, its items and compactions and, recursively, its child sessions with
    /// theirs, in one statement (items and compactions go with their session by
    /// `ON DELETE CASCADE`).
    /// - Parameter key: The session.
    /// - Returns: How many sessions were deleted (the session and its descendants).
    /// - Throws: `SessionStoreError`: not found, unavailable.
    @discardableResult
    public func delete(_ key: SessionKey) async throws -> Int {
        let deleted = try await database.run("delete session '\(key.id)'") { connection in
            try await connection.count(
                """
                WITH RECURSIVE tree(id) AS (SELECT id FROM \(unescaped: tables.sessions) \
                WHERE app = \(key.app) AND id = \(key.id.rawValue) \
                UNION SELECT s.id FROM \(unescaped: tables.sessions) s JOIN tree t \
                ON s.app = \(key.app) AND s.parent_id = t.id), \
                gone AS (DELETE FROM \(unescaped: tables.sessions) WHERE app = \(key.app) \
                AND id IN (SELECT id FROM tree) RETURNING 1) SELECT count(*) FROM gone
                """,
                logger: logger
            )
        }
        guard deleted > 0 else { throw SessionStoreError.sessionNotFound(key) }
        return deleted
    }

    /// Inserts a new session and merges the shared part of its initial state, inside the
    /// caller's transaction.
    /// - Returns: The session with the shared state merged in, or `nil` if the key is taken.
    /// - Throws: ``SessionStoreError`` (not found) if the parent is missing.
    func insert(_ session: Session, shared: SharedStateDelta, on connection: PostgresConnection) async throws
        -> Session?
    {
        var stored = StoredSession(new: session)
        let rows = try await connection.query(SessionColumns.insert(stored, tables), logger: logger)
        var inserted: (app: String?, user: String?)?
        for try await row in rows.decode((String?, String?).self) { inserted = row }
        guard let inserted else { return nil }
        if let parentID = session.parentID {
            let parent = SessionKey(parentID, app: session.app)
            let found = try await connection.count(
                """
                SELECT count(*) FROM (SELECT 1 FROM \(unescaped: tables.sessions) \
                WHERE app = \(parent.app) AND id = \(parent.id.rawValue) FOR KEY SHARE) AS parent
                """,
                logger: logger
            )
            guard found > 0 else { throw SessionStoreError.parentNotFound(parentID, app: session.app) }
        }
        let id = session.id.rawValue
        stored.appState = try SessionColumns.sharedObject(inserted.app, column: "app state", of: id)
        stored.userState = try SessionColumns.sharedObject(inserted.user, column: "user state", of: id)
        try await SharedStateRows.apply(shared, to: &stored, tables, on: connection, logger: logger)
        return stored.merged
    }
}

extension Logger {
    /// A logger that drops everything: the default of a store that is given none.
    static let disabled = Logger(label: "agent-sessions.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
}

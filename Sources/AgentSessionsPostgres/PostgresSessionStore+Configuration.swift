public import AgentSessions

extension PostgresSessionStore {
    /// The schema a store uses when none is given: `agent_sessions`.
    public static let defaultSchema = "agent_sessions"

    /// How a ``PostgresSessionStore`` lays out its tables and stamps its sessions.
    ///
    /// Every parameter of ``init(schema:clock:lifecycles:)`` has a default, so
    /// `Configuration()` uses the schema ``PostgresSessionStore/defaultSchema``, the system clock
    /// and the standard lifecycle.
    ///
    /// ```swift
    /// let store = PostgresSessionStore(client: client, configuration: .init(schema: "support_bot"))
    /// ```
    public struct Configuration: Sendable {
        /// The PostgreSQL schema that holds the store's tables, created on first use: 1 to 63
        /// lowercase letters, digits and underscores. Several stores (or test runs) can share
        /// one database in different schemas. Defaults to ``PostgresSessionStore/defaultSchema``.
        public var schema: String
        /// The clock the store stamps times with and measures age by. Defaults to `SystemWallClock`.
        public var clock: any WallClock
        /// The lifecycle of each app. Defaults to the standard lifecycle for every app.
        public var lifecycles: LifecycleCatalog

        /// Creates a configuration; every parameter has a default.
        /// - Parameters:
        ///   - schema: The schema of the store's tables. Defaults to ``PostgresSessionStore/defaultSchema``.
        ///   - clock: The clock. Defaults to `SystemWallClock`.
        ///   - lifecycles: The lifecycle of each app. Defaults to the standard lifecycle.
        public init(
            schema: String = PostgresSessionStore.defaultSchema,
            clock: any WallClock = SystemWallClock(),
            lifecycles: LifecycleCatalog = LifecycleCatalog()
        ) {
            self.schema = schema
            self.clock = clock
            self.lifecycles = lifecycles
        }
    }
}

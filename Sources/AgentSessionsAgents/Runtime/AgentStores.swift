public import AgentSessions

/// Where each agent's conversations are kept, by its ``SessionMemory``: the server's store, one
/// in-memory store shared by `memory` agents, and a store per `database_path`.
///
/// The library opens no database itself: the caller (the command-line tool) opens the stores of
/// the paths, so that choosing a backend stays in one place.
///
/// ```swift
/// let stores = try AgentStores(server: store, catalog: catalog) { path in
///     try SQLiteSessionStore(configuration: .init(location: .file(path)))
/// }
/// ```
public struct AgentStores: Sendable {
    /// The server's own store: `sqlite` memory without a database path.
    public var server: any SessionStore
    /// The store of `memory` agents. Defaults to a new `InMemorySessionStore`.
    public var memory: any SessionStore
    /// The stores of `sqlite` agents with a database path, by path.
    public var databases: [String: any SessionStore]

    /// Describes the stores.
    /// - Parameters:
    ///   - server: The server's store.
    ///   - memory: The store of `memory` agents. Defaults to a new in-memory store.
    ///   - databases: The stores of database paths. Defaults to none.
    public init(
        server: any SessionStore,
        memory: any SessionStore = InMemorySessionStore(),
        databases: [String: any SessionStore] = [:]
    ) {
        self.server = server
        self.memory = memory
        self.databases = databases
    }

    /// Opens a store for every database path of a catalog's agents, each path once.
    /// - Parameters:
    ///   - server: The server's store.
    ///   - catalog: The agents.
    ///   - open: Opens the store of a database path.
    /// - Throws: What `open` throws.
    public init(
        server: any SessionStore,
        catalog: AgentCatalog,
        open: (String) throws -> any SessionStore
    ) throws {
        self.init(server: server)
        for path in catalog.agents.compactMap(\.sessionMemory.databasePath) where databases[path] == nil {
            databases[path] = try open(path)
        }
    }

    /// The store of a memory, or `nil` for `none` and for a database path without a store.
    public func store(for memory: SessionMemory) -> (any SessionStore)? {
        switch memory.kind {
        case .none:
            return nil
        case .memory:
            return self.memory
        case .sqlite:
            guard let path = memory.databasePath else { return server }
            return databases[path]
        }
    }
}

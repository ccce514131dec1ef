import AgentSessions

/// Opens one kind of store for the workload: each run gets a fresh store in a fresh directory.
///
/// The workload only sees `any SessionStore`; a factory is the one place that names a backend.
///
/// ```swift
/// let store = try InMemoryStoreFactory().makeStore(in: directory, clock: clock)
/// ```
protocol StoreFactory: Sendable {
    /// The store's short name in the report: `sqlite`, `memory`.
    var name: String { get }
    /// The durability the store runs with, for the report's header.
    var durability: String { get }
    /// Whether the store writes files, so that bytes on disk mean something.
    var isFileBacked: Bool { get }

    /// Opens a new, empty store keeping its files (if any) in `directory`.
    /// - Parameters:
    ///   - directory: An empty directory that belongs to this store alone.
    ///   - clock: The clock the store must stamp times with.
    /// - Throws: What the store's initializer throws.
    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore

    /// Opens a new, empty store as ``makeStore(in:clock:)`` does, runs `body` with it, and
    /// closes it; stores with a client that must run beside them (PostgreSQL) run it here.
    /// - Returns: What `body` returns.
    /// - Throws: What opening the store or `body` throws.
    func withStore<Result>(
        in directory: String,
        clock: any WallClock,
        _ body: (any SessionStore) async throws -> Result
    ) async throws -> Result

    /// The paths of the files the store keeps in `directory`, present or not.
    func databaseFiles(in directory: String) -> [String]

    /// The store as `agent-sessions serve` opens it, for the HTTP steps. Defaults to `self`.
    var asServed: any StoreFactory { get }

    /// The store with these metadata keys indexed, where it can declare them (SQLite). Defaults
    /// to `self`.
    func indexing(metadataKeys: [String]) -> any StoreFactory

    /// Brings a store just filled in bulk to the state it reaches on its own soon after
    /// (SQLite: the checkpoint of its log once writes pause; PostgreSQL: autovacuum's
    /// `VACUUM ANALYZE`, which follows a bulk load within a minute or two), so that W10
    /// measures both sizes settled rather than one of them mid-way. Defaults to nothing.
    func settle(_ store: any SessionStore) async throws
}

extension StoreFactory {
    var asServed: any StoreFactory { self }

    func indexing(metadataKeys: [String]) -> any StoreFactory { self }

    func settle(_ store: any SessionStore) async throws {}

    func withStore<Result>(
        in directory: String,
        clock: any WallClock,
        _ body: (any SessionStore) async throws -> Result
    ) async throws -> Result {
        let store = try makeStore(in: directory, clock: clock)
        let result = try await body(store)
        // Closed as the CLI and `serve` close it: a SQLite store folds its log into its file.
        try await store.closable?.close()
        return result
    }
}

/// The in-memory reference store: no files, no durability; the ceiling of the API itself.
struct InMemoryStoreFactory: StoreFactory {
    var name: String { "memory" }
    var durability: String { "none (in memory)" }
    var isFileBacked: Bool { false }

    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore {
        InMemorySessionStore(configuration: .init(clock: clock))
    }

    func databaseFiles(in directory: String) -> [String] { [] }
}

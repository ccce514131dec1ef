import AgentSessions
import AgentSessionsPostgres
import Foundation
import PostgresNIO

/// The PostgreSQL store on a pooled client (as `serve` runs it), each run in a fresh schema of
/// the server at `--postgres-url`, dropped afterwards. The server's durability is its own
/// configuration (`fsync`, `synchronous_commit`), stated in the report as read from it.
struct PostgresStoreFactory: StoreFactory {
    /// The name `--stores` selects it by.
    static let name = "postgres"

    let endpoint: PostgresEndpoint

    var name: String { Self.name }
    var durability: String {
        "the server's: synchronous_commit and fsync as configured (a pooled client, one transaction per call)"
    }
    var isFileBacked: Bool { false }

    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore {
        throw BenchmarkFailure(message: "the postgres store runs only through withStore (its client must run)")
    }

    func withStore<Result>(
        in directory: String,
        clock: any WallClock,
        _ body: (any SessionStore) async throws -> Result
    ) async throws -> Result {
        try await withFreshSchema(clock: clock) { store, _ in try await body(store) }
    }

    /// Runs `body` with a store on a running pooled client in a fresh, prepared schema, and the
    /// endpoint with that schema (for servers started on it), then drops the schema, whether
    /// `body` returns or throws.
    /// - Returns: What `body` returns.
    /// - Throws: ``SessionStoreError`` when the server cannot be reached; what `body` throws.
    func withFreshSchema<Result>(
        clock: any WallClock,
        _ body: (PostgresSessionStore, PostgresEndpoint) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: endpoint.clientConfiguration())
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let store = try PostgresSessionStore(client: client, configuration: .init(schema: String(schema), clock: clock))
        var served = endpoint
        served.schema = String(schema)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await store.prepareSchema()
            let result: Swift.Result<Result, any Error>
            do {
                result = .success(try await body(store, served))
            } catch {
                result = .failure(error)
            }
            try await client.query("DROP SCHEMA \(unescaped: "\"\(schema)\"") CASCADE")
            return try result.get()
        }
    }

    func databaseFiles(in directory: String) -> [String] { [] }

    /// Runs `VACUUM (ANALYZE)` on the store's tables, on a connection of its own: PostgreSQL's
    /// planner then knows the rows, and the visibility map their pages, as autovacuum makes
    /// them known a minute or two after a bulk load.
    func settle(_ store: any SessionStore) async throws {
        guard let store = store as? PostgresSessionStore else { return }
        let schema = "\"\(store.schema)\""
        let client = PostgresClient(configuration: endpoint.clientConfiguration())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(
                """
                VACUUM (ANALYZE) \(unescaped: schema).sessions, \(unescaped: schema).items, \(unescaped: schema).statistics
                """
            )
        }
    }
}

import AgentSessions
import AgentSessionsPostgres
import AgentSessionsTesting
import Logging
import PostgresNIO
import TestEnvironments
import Testing

/// A schema of its own on the test run's server for one test, with running clients.
struct PostgresTestDatabase: Sendable {
    let endpoint: PostgresEndpoint
    let schema: String

    /// Runs `body` with a fresh schema name and `clients` running pooled clients (each stands
    /// for one server process), then drops the schema, whether `body` returns or throws.
    /// Skips (fails under `CI=true`) when no PostgreSQL server can be had.
    static func with<T: Sendable>(
        _ tag: String,
        clients: Int = 1,
        maximumConnections: Int = 4,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (PostgresTestDatabase, [PostgresClient]) async throws -> T
    ) async throws -> T {
        let url = try await PostgresTestServer.require(sourceLocation: sourceLocation)
        let database = PostgresTestDatabase(
            endpoint: try PostgresEndpoint(url: url),
            schema: PostgresTestServer.makeSchemaName(tag)
        )
        let configuration = database.endpoint.clientConfiguration(maximumConnections: maximumConnections)
        let made = (0..<clients).map { _ in PostgresClient(configuration: configuration) }
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            for client in made { group.addTask { await client.run() } }
            defer { group.cancelAll() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(database, made))
            } catch {
                result = .failure(error)
            }
            try await made[0].query("DROP SCHEMA IF EXISTS \(unescaped: "\"\(database.schema)\"") CASCADE")
            return try result.get()
        }
    }

    /// A store on a client, in this test's schema.
    func store(
        on client: PostgresClient,
        clock: any WallClock = SystemWallClock(),
        lifecycles: LifecycleCatalog = LifecycleCatalog()
    ) throws -> PostgresSessionStore {
        try PostgresSessionStore(
            client: client,
            configuration: .init(schema: schema, clock: clock, lifecycles: lifecycles)
        )
    }
}

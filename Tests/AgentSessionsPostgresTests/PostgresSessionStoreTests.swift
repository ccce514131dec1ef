import AgentSessions
import AgentSessionsPostgres
import AgentSessionsTesting
import Testing

@Suite("PostgresSessionStore", .serialized)
struct PostgresSessionStoreTests {
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await PostgresTestDatabase.with(check.rawValue) { database, clients in
            try await SessionStoreConformance { fixture in
                try database.store(on: clients[0], clock: fixture.clock, lifecycles: fixture.lifecycles)
            }.run(check)
        }
    }

    @Test("a store that opens a connection per operation passes the session checks")
    func connectionPerOperation() async throws {
        try await PostgresTestDatabase.with("per_operation") { database, _ in
            try await SessionStoreConformance { fixture in
                try PostgresSessionStore(
                    endpoint: database.endpoint,
                    configuration: .init(schema: database.schema, clock: fixture.clock, lifecycles: fixture.lifecycles)
                )
            }.run(.createAndGet)
        }
    }
}

import AgentSessions
import AgentSessionsPostgres
import AgentSessionsTesting
import PostgresNIO
import Testing

@Suite("PostgresSessionStore schema", .serialized)
struct PostgresSchemaTests {
    @Test("servers starting together migrate the schema once")
    func concurrentPreparation() async throws {
        try await PostgresTestDatabase.with("migrate", clients: 4) { database, clients in
            let stores = try clients.map { try database.store(on: $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.prepareSchema() } }
                try await group.waitForAll()
            }
            let steps = try await clients[0].query(
                "SELECT step FROM \(unescaped: "\"\(database.schema)\"").schema_migrations ORDER BY length(step), step"
            ).collect().map { try $0.decode(String.self) }
            #expect(steps == (1...10).map { "v\($0)" }, "each step once")
            try await stores[1].create(NewSession(id: "after-migration"))
            #expect(try await stores[2].session(SessionKey("after-migration")) != nil)
        }
    }

    @Test("a schema written by a newer version is refused, by preparation and by operations")
    func newerSchemaIsRefused() async throws {
        try await PostgresTestDatabase.with("newer", clients: 2) { database, clients in
            try await database.store(on: clients[0]).prepareSchema()
            try await clients[0].query(
                "INSERT INTO \(unescaped: "\"\(database.schema)\"").schema_migrations (step) VALUES ('v99')"
            )
            /// The schema's tables and its applied steps, to see that a refusal changes nothing.
            func snapshot() async throws -> [String] {
                let tables = try await clients[0].query(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = \(database.schema) ORDER BY 1"
                ).collect().map { try $0.decode(String.self) }
                let steps = try await clients[0].query(
                    "SELECT step FROM \(unescaped: "\"\(database.schema)\"").schema_migrations ORDER BY length(step), step"
                ).collect().map { try "step " + $0.decode(String.self) }
                return tables + steps
            }
            let before = try await snapshot()
            let fresh = try database.store(on: clients[1])
            await #expect(throws: SessionStoreError(.incompatibleSchema, "")) { try await fresh.prepareSchema() }
            #expect(try await snapshot() == before, "the refusal rolled back whatever it began")
            let error = await #expect(throws: SessionStoreError.self) { try await fresh.session(SessionKey("any")) }
            #expect(error?.code == .incompatibleSchema)
            #expect(error?.message.contains("v99") == true)
        }
    }

    @Test("a schema name that is not a plain identifier is refused before any SQL runs")
    func schemaNames() async throws {
        let endpoint = try PostgresEndpoint(url: "postgres://u@127.0.0.1:1/db")
        for name in ["", "Upper", "has space", "quote\"d", "1starts_with_digit", String(repeating: "a", count: 64)] {
            #expect(throws: SessionStoreError(.invalidArgument, ""), "schema \(name)") {
                try PostgresSessionStore(endpoint: endpoint, configuration: .init(schema: name))
            }
        }
        _ = try PostgresSessionStore(endpoint: endpoint, configuration: .init(schema: "_ok_2"))
    }

    @Test("a server that cannot be reached is unavailable, with no address or password in the message")
    func unreachableServer() async throws {
        let endpoint = try PostgresEndpoint(url: "postgres://agent:s3cret@127.0.0.1:1/sessions")
        let store = try PostgresSessionStore(endpoint: endpoint)
        let error = await #expect(throws: SessionStoreError.self) { try await store.session(SessionKey("x")) }
        #expect(error?.code == .unavailable)
        #expect(error?.description.contains("s3cret") == false)
        #expect(error?.description.contains("127.0.0.1") == false)
        let health = await store.checkHealth()
        #expect(!health.isAvailable && health.store == "postgres")
        #expect(health.reason?.contains("s3cret") == false)
    }

    @Test("the health check of a reachable server reports it available")
    func healthyServer() async throws {
        try await PostgresTestDatabase.with("health") { database, clients in
            // A generous limit: the answer, not the speed, is under test.
            let health = await (try database.store(on: clients[0])).checkHealth(within: .seconds(120))
            #expect(health == StoreHealth(store: "postgres", isAvailable: true))
        }
    }
}

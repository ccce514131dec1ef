import AgentSessions
import PostgresNIO
import Testing

@testable import AgentSessionsPostgres

/// Listings by a phase, an agent or a metadata value that few of an app's sessions have read
/// along the indexes of schema steps `v8` and `v9`, not the app's whole activity index (issue 17).
@Suite("PostgresSessionStore listing plans", .serialized)
struct PostgresListingPlanTests {
    @Test("a rare phase, agent and metadata value are read along their indexes")
    func rarePhaseAgentAndMetadataValueUseTheirIndexes() async throws {
        try await PostgresTestDatabase.with("plans") { database, clients in
            let store = try database.store(on: clients[0])
            try await store.prepareSchema()
            let tables = try PostgresTables(schema: database.schema)
            // 20,000 finalized sessions of agent `common` and one of 100 customers, 5 of them in
            // phase `validating`, 5 of agent `rare` and 5 of customer `rare`.
            try await clients[0].query(
                """
                INSERT INTO \(unescaped: tables.sessions) (app, id, user_id, agent_name, kind, phase, resume_ready, \
                state, metadata, created_at, updated_at, finalized_at, outcome, error_count, resume_count, \
                phase_history, version, last_sequence) \
                SELECT 'big', 's' || n, 'u' || (n % 100), CASE WHEN n % 4000 = 1 THEN 'rare' ELSE 'common' END, \
                'persistent', CASE WHEN n % 4000 = 2 THEN 'validating' ELSE 'completed' END, false, '{}', \
                CASE WHEN n % 4000 = 3 THEN '{"customer":"rare"}' ELSE '{"customer":"c' || (n % 100) || '"}' END, n, n, \
                CASE WHEN n % 4000 = 2 THEN NULL ELSE n END, CASE WHEN n % 4000 = 2 THEN NULL ELSE 'completed' END, \
                0, 0, '[]', 1, 0 FROM generate_series(1, 20000) AS n
                """
            )
            try await clients[0].query("ANALYZE \(unescaped: tables.sessions)")
            // The GIN indexes have no pending list, which every search would read whole.
            let direct = try await clients[0].query(
                """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                WHERE n.nspname = \(database.schema) AND 'fastupdate=off' = ANY(c.reloptions) ORDER BY c.relname
                """
            ).collect().map { try $0.decode(String.self) }
            #expect(direct == ["sessions_by_metadata", "sessions_by_tags"])
            for (query, index) in [
                (SessionQuery(app: "big", phase: .validating, limit: 20), "sessions_by_phase"),
                (SessionQuery(app: "big", agentName: "rare", limit: 20), "sessions_by_agent"),
                (SessionQuery(app: "big", metadata: ["customer": "rare"], limit: 20), "sessions_by_metadata"),
            ] {
                let listing = ListingSQL.statement(.sessions, query, tables)
                let plan = try await clients[0].query(
                    PostgresQuery(unsafeSQL: "EXPLAIN " + listing.sql, binds: listing.binds)
                ).collect().map { try $0.decode(String.self) }.joined(separator: "\n")
                #expect(plan.contains(index), "\(query): \(plan)")
                #expect(try await store.list(query).sessions.count == 5)
            }
        }
    }
}

import AgentSessions
import Logging
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

    @Test("a rare tag's listing is read along the tags' index, chosen by the kept counts of each tag")
    func rareTagIsReadAlongTheTagsIndex() async throws {
        try await PostgresTestDatabase.with("tag_plans") { database, clients in
            let store = try database.store(on: clients[0])
            try await store.prepareSchema()
            let tables = try PostgresTables(schema: database.schema)
            // 20,000 sessions with one of ten common tags each (`t0`…`t9`); 5 of them carry `rare`
            // as well, the newest last in activity order.
            try await clients[0].query(
                """
                INSERT INTO \(unescaped: tables.sessions) (app, id, user_id, agent_name, kind, phase, resume_ready, \
                state, metadata, created_at, updated_at, error_count, resume_count, phase_history, version, \
                last_sequence, tags) \
                SELECT 'big', 's' || n, 'u' || (n % 100), '', 'persistent', 'executing', false, '{}', '{}', n, n, 0, 0, \
                '[]', 1, 0, CASE WHEN n % 4000 = 5 THEN ARRAY['rare', 't' || (n % 10)] ELSE ARRAY['t' || (n % 10)] END \
                FROM generate_series(1, 20000) AS n
                """
            )
            // Tags change and sessions go: the counts follow.
            try await store.update(SessionKey("s1", app: "big"), SessionUpdate(tags: ["rare", "t1"]))
            try await store.update(SessionKey("s4005", app: "big"), SessionUpdate(tags: ["t5"]))
            try await store.delete(SessionKey("s8005", app: "big"))
            try await store.delete(SessionKey("s2", app: "big"))
            try await clients[0].query("ANALYZE \(unescaped: tables.sessions)")
            let kept = try await clients[0].query(
                """
                SELECT name, sum(sessions)::bigint FROM \(unescaped: tables.statistics) \
                WHERE app = 'big' AND kind = 'tag' GROUP BY name HAVING sum(sessions) <> 0 ORDER BY name
                """
            ).collect().map { try $0.decode((String, Int64).self) }
            let recount = try await clients[0].query(
                """
                SELECT tag, count(*)::bigint FROM \(unescaped: tables.sessions), unnest(tags) AS tag \
                WHERE app = 'big' GROUP BY tag ORDER BY tag
                """
            ).collect().map { try $0.decode((String, Int64).self) }
            #expect(kept.map(\.0) == recount.map(\.0) && kept.map(\.1) == recount.map(\.1), "kept \(kept)")
            #expect(recount.first { $0.0 == "rare" }?.1 == 4, "s1 gained the tag, s4005 lost it, s8005 went")
            #expect(try await store.statistics(app: "big").sessionCount == 19_998, "the tags' rows are no statistics")

            try await clients[0].withConnection { connection in
                for (tags, alongTags) in [(["rare"], true), (["t3"], false), (["rare", "t3"], true), (["none"], true)] {
                    let query = SessionQuery(app: "big", tags: tags, limit: 20)
                    let chosen = try await ListingSQL.readsAlongTags(query, tables, on: connection, logger: .disabled)
                    #expect(chosen == alongTags, "\(tags)")
                }
                let listing = ListingSQL.statement(
                    .sessions,
                    SessionQuery(app: "big", tags: ["rare"], limit: 20),
                    tables,
                    readsAlongTags: true
                )
                let plan = try await connection.query(
                    PostgresQuery(unsafeSQL: "EXPLAIN " + listing.sql, binds: listing.binds),
                    logger: .disabled
                ).collect().map { try $0.decode(String.self) }.joined(separator: "\n")
                #expect(plan.contains("sessions_by_tags") && !plan.contains("sessions_by_activity"), "\(plan)")
            }
            // Newest first, as any listing: s16005, s12005, s1 (updated just now), s5.
            let rare = try await store.list(SessionQuery(app: "big", tags: ["rare"], limit: 2))
            let next = try await store.list(SessionQuery(app: "big", tags: ["rare"], limit: 2, cursor: rare.nextCursor))
            #expect((rare.sessions + next.sessions).map(\.id.rawValue) == ["s1", "s16005", "s12005", "s5"])
        }
    }
}

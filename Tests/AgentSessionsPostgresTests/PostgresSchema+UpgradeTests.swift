import AgentSessions
import AgentSessionsTesting
import Logging
import PostgresNIO
import Testing

@testable import AgentSessionsPostgres

@Suite("PostgresSessionStore schema upgrades", .serialized)
struct PostgresSchemaUpgradeTests {
    @Test("a schema at v3 upgrades to v4 and keeps its sessions, which then take titles and tags")
    func upgradeFromVersion3() async throws {
        try await PostgresTestDatabase.with("upgrade_v3") { database, clients in
            let tables = try PostgresTables(schema: database.schema)
            let earlier = Array(PostgresSchema.steps.prefix { $0.name != "v4" })
            #expect(earlier.map(\.name) == ["v1", "v2", "v3"])
            try await clients[0].withConnection { connection in
                try await PostgresSchema.prepare(tables, steps: earlier, on: connection, logger: Logger.disabled)
            }
            // A session and an item as v3 stored them.
            let app = SessionKey.defaultApp
            try await clients[0].query(
                """
                INSERT INTO \(unescaped: tables.sessions) (app, id, user_id, agent_name, kind, phase, resume_ready, \
                state, metadata, created_at, updated_at, error_count, resume_count, phase_history, version, \
                last_sequence) VALUES (\(app), 'old', 'ana', 'planner', 'persistent', 'initializing', false, \
                '{"step":1}', '{"customer":"acme"}', 1000000, 2000000, 0, 0, '[]', 1, 1)
                """
            )
            try await clients[0].query(
                """
                INSERT INTO \(unescaped: tables.items) (app, session_id, seq, created_at, body) \
                VALUES (\(app), 'old', 1, 2000000, '{"role":"user"}')
                """
            )

            let store = try database.store(on: clients[0])
            try await store.prepareSchema()
            let steps = try await clients[0].query(
                "SELECT step FROM \(unescaped: tables.migrations) ORDER BY step"
            ).collect().map { try $0.decode(String.self) }
            #expect(steps == ["v1", "v2", "v3", "v4"])

            let key = SessionKey("old")
            let old = try #require(try await store.session(key))
            #expect(old.title == nil && old.tags.isEmpty, "a session of v3 has no title and no tags")
            #expect(old.state == ["step": 1] && old.metadata == ["customer": "acme"] && old.userID == "ana")
            #expect(old.createdAt == Timestamp(microsecondsSinceEpoch: 1_000_000) && old.lastSequence == 1)
            #expect(try await store.items(of: key, ItemQuery()).map(\.sequence) == [1])
            #expect(try await store.list(SessionQuery(order: .oldestFirst)).sessions == [old])
            #expect(try await store.count(SessionQuery(metadata: ["customer": "acme"])) == 1)

            let labelled = try await store.update(key, SessionUpdate(title: "From v3", tags: ["kept"]))
            #expect(try await store.list(SessionQuery(tags: ["kept"])).sessions == [labelled])
            #expect(try await store.listSummaries(SessionQuery()).summaries == [SessionSummary(labelled)])
        }
    }
}

import AgentSessions
import AgentSessionsTesting
import Logging
import PostgresNIO
import Testing

@testable import AgentSessionsPostgres

@Suite("PostgresSessionStore schema upgrades", .serialized)
struct PostgresSchemaUpgradeTests {
    @Test("a schema at v3 upgrades and keeps its sessions, which then take titles and tags")
    func upgradeFromVersion3() async throws {
        try await PostgresTestDatabase.with("upgrade_v3") { database, clients in
            let (_, store) = try await upgrade(before: "v4", of: database, on: clients[0])

            let key = SessionKey("old")
            let old = try #require(try await store.session(key))
            #expect(old.title == nil && old.tags.isEmpty, "a session of v3 has no title and no tags")
            #expect(old.state == ["step": 1] && old.metadata == ["customer": "acme"] && old.userID == "ana")
            #expect(old.createdAt == Timestamp(microsecondsSinceEpoch: 1_000_000) && old.lastSequence == 2)
            #expect(try await store.items(of: key, ItemQuery()).map(\.sequence) == [1, 2])
            #expect(try await store.list(SessionQuery(order: .oldestFirst)).sessions == [old])
            #expect(try await store.count(SessionQuery(metadata: ["customer": "acme"])) == 1)

            let labelled = try await store.update(key, SessionUpdate(title: "From v3", tags: ["kept"]))
            #expect(try await store.list(SessionQuery(tags: ["kept"])).sessions == [labelled])
            #expect(try await store.listSummaries(SessionQuery()).summaries == [SessionSummary(labelled)])
        }
    }

    @Test("a schema at v4 upgrades to v5 and keeps its sessions, which then take compactions")
    func upgradeFromVersion4() async throws {
        try await PostgresTestDatabase.with("upgrade_v4") { database, clients in
            let (tables, store) = try await upgrade(before: "v5", of: database, on: clients[0])

            let key = SessionKey("old")
            #expect(try await store.compactions(of: key).isEmpty, "a session of v4 has no compactions")
            #expect(try await store.items(of: key, ItemQuery()).map(\.sequence) == [1, 2])
            // Spacing, key order and escapes that a re-encoding would change.
            let summaryText = #"{ "role":"system" , "content":"Summary: caf\u00e9 \/ é" }"#
            let compaction = try await store.compact(
                key,
                CompactionRequest(
                    summary: try JSONDocument(validating: summaryText),
                    through: 2,
                    author: .summarizer(agent: "support", model: "offline")
                )
            )
            #expect(try await store.compactions(of: key) == [compaction])
            let stored = try await clients[0].query(
                """
                SELECT summary, author FROM \(unescaped: tables.compactions) \
                WHERE app = \(SessionKey.defaultApp) AND session_id = 'old'
                """
            ).collect().map { try $0.decode((String, String).self) }
            #expect(stored.map(\.0) == [summaryText], "the summary's text is kept byte for byte")
            #expect(stored.map(\.1) == [#"{"agent":"support","kind":"summarizer","model":"offline"}"#])

            let fork = try await store.fork(key, through: nil, as: "old-fork")
            #expect(try await store.compactions(of: fork.key) == [compaction])
            try await store.delete(key)
            let left = try await clients[0].query(
                "SELECT session_id FROM \(unescaped: tables.compactions) ORDER BY session_id"
            ).collect().map { try $0.decode(String.self) }
            #expect(left == ["old-fork"], "a deleted session's compactions go with it, its fork's stay")
        }
    }

    @Test("a schema at v6 upgrades to v7 with statistics counted from the rows it holds")
    func upgradeFromVersion6() async throws {
        try await PostgresTestDatabase.with("upgrade_v6") { database, clients in
            let (_, store) = try await upgrade(before: "v7", of: database, on: clients[0], withFinalizedSession: true)
            let kept = try await store.statistics(app: SessionKey.defaultApp)
            #expect(kept == (try await SessionStatistics.recount(apps: [SessionKey.defaultApp], in: store)))
            #expect(kept.itemCount == 2 && kept.tokensByAgent.keys.sorted() == ["planner"])
            #expect(kept.countsByOutcome == [.completed: 1] && kept.medianDuration == .microseconds(1_230_000))
        }
    }

    @Test("a schema at v9 upgrades to v10 with each tag's sessions counted from the rows it holds")
    func upgradeFromVersion9() async throws {
        try await PostgresTestDatabase.with("upgrade_v9") { database, clients in
            let (tables, store) = try await upgrade(
                before: "v10",
                of: database,
                on: clients[0],
                tags: ["beta", "alpha"]
            )
            let counts = try await clients[0].query(
                """
                SELECT name, sum(sessions)::bigint FROM \(unescaped: tables.statistics) \
                WHERE kind = 'tag' GROUP BY name ORDER BY name
                """
            ).collect().map { try $0.decode((String, Int64).self) }
            #expect(counts.map(\.0) == ["alpha", "beta"] && counts.map(\.1) == [1, 1])
            try await store.update(SessionKey("old"), SessionUpdate(tags: ["alpha"]))
            let beta = try await clients[0].query(
                "SELECT sum(sessions)::bigint FROM \(unescaped: tables.statistics) WHERE kind = 'tag' AND name = 'beta'"
            ).collect().map { try $0.decode(Int64.self) }
            #expect(beta == [0], "the upgraded session's tags are counted as they change")
        }
    }

    /// Prepares the test's schema with the steps before `step`, stores a session `old` with two
    /// items (and `tags`, from step v4 on) as those steps stored them, then lets a store bring
    /// the schema up to date.
    /// - Returns: The schema's tables and the store.
    private func upgrade(
        before step: String,
        of database: PostgresTestDatabase,
        on client: PostgresClient,
        withFinalizedSession: Bool = false,
        tags: [String] = []
    ) async throws -> (PostgresTables, PostgresSessionStore) {
        let tables = try PostgresTables(schema: database.schema)
        let earlier = Array(PostgresSchema.steps.prefix { $0.name != step })
        #expect(earlier.count < PostgresSchema.steps.count, "step \(step) exists")
        try await client.withConnection { connection in
            try await PostgresSchema.prepare(tables, steps: earlier, on: connection, logger: Logger.disabled)
        }
        let app = SessionKey.defaultApp
        try await client.query(
            """
            INSERT INTO \(unescaped: tables.sessions) (app, id, user_id, agent_name, kind, phase, resume_ready, \
            state, metadata, created_at, updated_at, error_count, resume_count, phase_history, version, \
            last_sequence) VALUES (\(app), 'old', 'ana', 'planner', 'persistent', 'initializing', false, \
            '{"step":1}', '{"customer":"acme"}', 1000000, 2000000, 0, 0, '[]', 1, 2)
            """
        )
        if !tags.isEmpty {
            try await client.query("UPDATE \(unescaped: tables.sessions) SET tags = \(tags) WHERE id = 'old'")
        }
        if withFinalizedSession {
            // Session `done`, finalized 1,234,567 µs after its creation, with an error and a resume.
            try await client.query(
                """
                INSERT INTO \(unescaped: tables.sessions) (app, id, user_id, agent_name, kind, phase, resume_ready, \
                state, metadata, created_at, updated_at, finalized_at, outcome, error_count, resume_count, \
                phase_history, version, last_sequence) VALUES (\(app), 'done', '', '', 'persistent', 'completed', \
                false, '{}', '{}', 1000000, 2234567, 2234567, 'completed', 1, 1, '[]', 1, 0)
                """
            )
        }
        try await client.query(
            """
            INSERT INTO \(unescaped: tables.items) (app, session_id, seq, created_at, body) \
            VALUES (\(app), 'old', 1, 2000000, '{"role":"user"}'), (\(app), 'old', 2, 2000000, '{"role":"assistant"}')
            """
        )
        let store = try database.store(on: client)
        try await store.prepareSchema()
        let applied = try await client.query(
            "SELECT step FROM \(unescaped: tables.migrations) ORDER BY length(step), step"
        )
        .collect().map { try $0.decode(String.self) }
        #expect(applied == PostgresSchema.steps.map(\.name), "every later step applied")
        return (tables, store)
    }
}

import AgentSessions
import AgentSessionsTesting
import GRDB
import Testing

@testable import AgentSessionsSQLite

/// A database made by an earlier version opens, migrates and keeps its sessions, and the indexes
/// made after them hold them.
@Suite("SQLiteSchema")
struct SQLiteSchemaTests {
    @Test func aVersion3DatabaseMigratesAndKeepsItsSessions() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            // The schema of the version before titles and tags: the steps up to v3, which never change.
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v3")
            try await queue.write { db in
                for (id, parent, created) in [("old", nil, 1_000_000), ("child", "old", 2_000_000)] {
                    try db.execute(
                        sql: """
                            INSERT INTO sessions (app, id, user_id, agent_name, parent_id, kind, phase, resume_ready, \
                            state, metadata, created_at, updated_at, finalized_at, outcome, summary, error_count, \
                            last_error, resume_count, phase_history, version, expires_at, last_sequence) \
                            VALUES ('ops', ?, 'ana', 'planner', ?, 'persistent', 'planning', 0, '{"step":1}', \
                            '{"customer":"acme"}', ?, ?, NULL, NULL, NULL, 0, NULL, 0, '[]', 3, NULL, 1)
                            """,
                        arguments: [id, parent, created, 5_000_000 - created]
                    )
                }
                try db.execute(
                    sql:
                        "INSERT INTO items (app, session_id, seq, item_id, created_at, body) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: ["ops", "old", 1, nil, 1_000_000, #"{"n":1}"#]
                )
            }
            try queue.close()

            let store = try SQLiteSessionStore.file(
                in: directory,
                clock: ManualWallClock(),
                options: .init(indexedMetadataKeys: ["customer"])
            )
            let old = try #require(try await store.session(SessionKey("old", app: "ops")))
            #expect(old.title == nil && old.tags.isEmpty, "a session made before v4 has no title and no tags")
            #expect(old.state == ["step": 1] && old.metadata == ["customer": "acme"] && old.version == 3)
            #expect(try await store.items(of: old.key, .all).map(\.sequence) == [1])
            let byCreation = try await store.list(SessionQuery(app: "ops", order: .newestFirst)).sessions
            #expect(byCreation.map(\.id) == ["child", "old"])
            #expect(try await store.count(SessionQuery(app: "ops", metadata: ["customer": "acme"])) == 2)
            // v5's agent index and the declared key's index hold the sessions stored before them.
            for query in [
                SessionQuery(app: "ops", agentName: "planner", order: .newestFirst),
                SessionQuery(app: "ops", metadata: ["customer": "acme"], order: .newestFirst),
            ] {
                let path = try store.database.read("choose") { db in
                    try ListingSQL.path(for: query, metadataIndexes: store.database.metadataIndexes, in: db)
                }
                #expect(path != .listingOrder, "\(query)")
                #expect(try await store.list(query).sessions.map(\.id) == ["child", "old"], "\(query)")
            }

            // Tags set after the migration are found, and leave with the deleted sessions.
            try await store.update(SessionKey("child", app: "ops"), SessionUpdate(title: "Child", tags: ["kept"]))
            let tagged = try await store.listSummaries(SessionQuery(app: "ops", tags: ["kept"])).summaries
            #expect(tagged.map(\.id) == ["child"] && tagged.first?.title == "Child")
            #expect(try await store.delete(old.key) == 2)
            let applied = try await store.database.writer.read { db in
                (
                    steps: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                    tagRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM session_tags")
                )
            }
            #expect(applied.steps == ["v1", "v2", "v3", "v4", "v5"])
            #expect(applied.tagRows == 0, "deleting a session deletes its tags' rows")
        }
    }
}

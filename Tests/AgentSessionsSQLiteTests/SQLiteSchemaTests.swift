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
                try Self.insertSession("old", parent: nil, created: 1_000_000, in: db)
                try Self.insertSession("child", parent: "old", created: 2_000_000, in: db)
                try Self.insertItem(of: "old", created: 1_000_000, in: db)
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
            #expect(applied.steps == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"])
            #expect(applied.tagRows == 0, "deleting a session deletes its tags' rows")
        }
    }

    /// A database of the version before compactions keeps its sessions and items, and its
    /// sessions can be compacted, forked, cleared and deleted with their compactions.
    @Test func aVersion5DatabaseMigratesAndGainsCompactions() async throws {
        try await TemporaryDirectory.with { directory in
            let queue = try DatabaseQueue(path: directory + "/sessions.sqlite")
            try SQLiteSchema.migrator.migrate(queue, upTo: "v5")
            try await queue.write { db in
                try Self.insertSession("old", parent: nil, created: 1_000_000, in: db)
                try Self.insertItem(of: "old", created: 1_000_000, in: db)
                // Finalized 1,234,567 µs after its creation, with an error and a resume.
                try db.execute(
                    sql: """
                        INSERT INTO sessions (app, id, user_id, agent_name, kind, phase, resume_ready, state, metadata, \
                        created_at, updated_at, finalized_at, outcome, error_count, resume_count, phase_history, version, \
                        last_sequence) VALUES ('ops', 'done', '', '', 'persistent', 'completed', 0, '{}', '{}', 1000000, \
                        2234567, 2234567, 'completed', 1, 1, '[]', 1, 0)
                        """
                )
            }
            try queue.close()

            let clock = ManualWallClock()
            let store = try SQLiteSessionStore.file(in: directory, clock: clock)
            let kept = try await store.statistics(app: "ops")
            #expect(kept == (try await SessionStatistics.recount(apps: ["ops"], in: store)), "v8 counts what is stored")
            #expect(kept.itemCount == 1 && kept.tokensByAgent.keys.sorted() == ["planner"])
            #expect(kept.countsByOutcome == [.completed: 1] && kept.medianDuration == .microseconds(1_230_000))
            #expect(try await store.delete(SessionKey("done", app: "ops")) == 1)
            let key = SessionKey("old", app: "ops")
            let old = try #require(try await store.session(key))
            #expect(old.version == 3 && old.lastSequence == 1 && old.state == ["step": 1])
            #expect(try await store.items(of: key, .all).map(\.sequence) == [1])
            #expect(try await store.compactions(of: key).isEmpty, "a session made before v6 has no compactions")
            #expect(try await store.items(of: key, .all).map(\.tokens) == [nil], "an item made before v7 has no count")

            clock.advance(by: .seconds(5))
            let summary = JSONDocument(["role": "system", "content": "Earlier: n was 1."])
            let made = try await store.compact(key, CompactionRequest(summary: summary, through: 1))
            #expect(made.number == 1 && made.createdAt == clock.now())
            #expect(try await store.session(key) == old, "compacting leaves the session's row as it was")
            let fork = try await store.fork(key, through: nil, as: "copy")
            #expect(try await store.compactions(of: fork.key) == [made])
            try await store.append([NewItem(["n": 2], tokens: 40)], to: fork.key)
            #expect(try await store.tokens(of: fork.key).countedItems == 1, "new items keep their counts")
            #expect(try await store.clearItems(of: fork.key) == 2)
            #expect(try await store.delete(key) == 1)
            let applied = try await store.database.writer.read { db in
                (
                    steps: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                    compactionRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM compactions")
                )
            }
            #expect(applied.steps == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"])
            #expect(applied.compactionRows == 0, "clearing and deleting remove the compactions' rows")
        }
    }

    /// Inserts a session of app `ops` in the columns of v1 to v3 (later steps give the others
    /// their defaults), at version 3 with last sequence number 1.
    private static func insertSession(_ id: String, parent: String?, created: Int64, in db: Database) throws {
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

    /// Inserts item 1 of a session of app `ops`.
    private static func insertItem(of id: String, created: Int64, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO items (app, session_id, seq, item_id, created_at, body) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: ["ops", id, 1, nil, created, #"{"n":1}"#]
        )
    }
}

import AgentSessions
import AgentSessionsTesting
import GRDB
import Testing

@testable import AgentSessionsSQLite

/// Issue 17: the side table of tags follows every write and every delete, and listings by tag
/// or by creation time read along indexes.
@Suite("SQLiteSessionStore tags")
struct SQLiteSessionStoreTagTests {
    @Test func theSideTableFollowsEveryWriteAndDelete() async throws {
        let clock = ManualWallClock()
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory, clock: clock))
        func expectConsistent(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let (rows, fromColumns) = try store.database.read("compare") { db in
                (
                    try String.fetchAll(db, sql: "SELECT app || '/' || tag || '/' || session_id FROM session_tags"),
                    try String.fetchAll(
                        db,
                        sql: "SELECT s.app || '/' || t.value || '/' || s.id FROM sessions s, json_each(s.tags) t"
                    )
                )
            }
            #expect(rows.sorted() == fromColumns.sorted(), "after \(step)", sourceLocation: sourceLocation)
        }

        try await store.create(
            NewSession(id: "a", tags: ["x", "y"], expiresAt: clock.now().advanced(by: .seconds(30)))
        )
        try await store.create(NewSession(id: "a", app: "other", tags: ["x"]))
        _ = try await store.getOrCreate(NewSession(id: "b", parentID: "a", tags: ["y"]))
        _ = try await store.getOrCreate(NewSession(id: "b", tags: ["ignored"]))
        try expectConsistent("creates")
        try await store.update(SessionKey("a"), SessionUpdate(tags: ["y", "z"]))
        try await store.update(SessionKey("b"), SessionUpdate(title: "only the title"))
        await #expect(throws: SessionStoreError.self) {
            try await store.update(SessionKey("b"), SessionUpdate(tags: ["w"]), expectedVersion: 1)
        }
        try expectConsistent("updates")
        let fork = try await store.fork(SessionKey("a"), through: nil, as: "a-fork")
        #expect(fork.tags == ["y", "z"])
        var copy = try #require(try await store.session(SessionKey("b")))
        copy.id = "restored"
        copy.parentID = nil
        try await store.restore(copy)
        await #expect(throws: SessionStoreError.self) { try await store.restore(copy) }
        try expectConsistent("fork and restore")
        #expect(try await store.count(SessionQuery(tags: ["y"])) == 4)

        try await store.delete(SessionKey("restored"))
        try expectConsistent("a leaf's delete")
        try await store.delete(SessionKey("a"))
        try expectConsistent("a tree's delete")
        #expect(try await store.list(SessionQuery(tags: ["y"])).sessions.map(\.id) == ["a-fork"])
        try await store.create(
            NewSession(id: "expiring", tags: ["x"], expiresAt: clock.now().advanced(by: .seconds(1)))
        )
        clock.advance(by: .seconds(2))
        try await store.create(NewSession(id: "fresh", tags: ["x"]))
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(60)) == 1)
        try expectConsistent("clean-up of expired sessions")
        clock.advance(by: .seconds(61))
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(60)) == 3)
        try expectConsistent("clean-up of idle sessions")
        #expect(try await store.count(SessionQuery(tags: ["x"])) == 0)
    }

    /// The query plans of listings by tag and by creation time: every table is searched along
    /// an index, and listings by activity need no sort (no index holds the creation time, so a
    /// listing by it sorts).
    @Test func listingsByTagAndByCreationReadAlongIndexes() async throws {
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        let cursor = SessionCursor(time: Timestamp(microsecondsSinceEpoch: 5), id: "x", order: .oldestFirst)
        let cases: [(String, (sql: String, arguments: [SQLArgument]), expected: [String], sorts: Bool)] = [
            (
                "app by creation", ListingSQL.list(SessionQuery(order: .newestFirst, limit: 20), columns: "s.id"),
                ["SEARCH s USING INDEX sessions_by_activity (app=?)"], true
            ),
            (
                "app by creation, oldest first, from a cursor",
                ListingSQL.list(SessionQuery(order: .oldestFirst, limit: 20, cursor: cursor), columns: "s.state"),
                ["SEARCH s USING INDEX sessions_by_activity (app=?)"], true
            ),
            (
                "a common tag", ListingSQL.list(SessionQuery(tags: ["t"], limit: 20), columns: SessionRow.columns),
                [
                    "SEARCH s USING INDEX sessions_by_activity (app=?)",
                    "SEARCH t USING PRIMARY KEY (app=? AND tag=? AND session_id=?)",
                ], false
            ),
            (
                "a rare tag, oldest first",
                ListingSQL.list(
                    SessionQuery(tags: ["t", "u"], order: .oldestFirst, limit: 20),
                    .byTag("t"),
                    columns: SessionRow.summaryColumns
                ),
                [
                    "SEARCH g USING PRIMARY KEY (app=? AND tag=?)",
                    "SEARCH s USING INDEX sqlite_autoindex_sessions_1 (app=? AND id=?)",
                    "SEARCH t USING PRIMARY KEY (app=? AND tag=? AND session_id=?)",
                ], true
            ),
            (
                "a user's sessions by creation",
                ListingSQL.list(SessionQuery(userID: "ana", order: .newestFirst), columns: "s.id"),
                ["SEARCH s USING INDEX sessions_by_user (app=? AND user_id=?)"], true
            ),
            (
                "a count by tag", ListingSQL.count(SessionQuery(tags: ["t"], limit: 5), .byTag("t")),
                ["SEARCH g USING PRIMARY KEY (app=? AND tag=?)"], false
            ),
            (
                "tags of deleted sessions", (CleanupSQL.deleteIdleTags, [.text("default"), .integer(5)]),
                [
                    "SEARCH session_tags USING PRIMARY KEY (app=? AND tag=? AND session_id=?)",
                    "SEARCH sessions USING INDEX sessions_by_activity (app=? AND updated_at<?)",
                ], false
            ),
        ]
        try store.expectPlans(cases)
    }
}

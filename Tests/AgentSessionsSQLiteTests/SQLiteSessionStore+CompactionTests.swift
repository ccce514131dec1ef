import AgentSessions
import AgentSessionsTesting
import GRDB
import Testing

@testable import AgentSessionsSQLite

/// What the conformance suite cannot see of compactions: their rows in the file.
@Suite("SQLiteSessionStore compactions")
struct SQLiteSessionStoreCompactionTests {
    @Test func compactionsSurviveReopeningByteForByte() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualWallClock()
            let key = SessionKey("kept", app: "ops")
            let summary = try JSONDocument(
                validating: #"{ "role":"system" , "content": "r\u00e9sum\u00e9: 1.50, 2e3" }"#,
                field: "summary"
            )
            let written: [Compaction]
            do {
                let store = try SQLiteSessionStore.file(in: directory, clock: clock)
                try await store.create(NewSession(id: key.id, app: key.app))
                try await store.append([NewItem(["n": 1]), NewItem(["n": 2]), NewItem(["n": 3])], to: key)
                let restored = Compaction(
                    number: 1,
                    firstSequence: 1,
                    lastSequence: 2,
                    summary: summary,
                    author: .caller,
                    createdAt: Timestamp(microsecondsSinceEpoch: 981_173_106_789_012),
                    tokensBefore: 40,
                    tokensAfter: 9
                )
                #expect(try await store.restoreCompactions([restored], to: key) == 1)
                clock.advance(by: .seconds(1))
                let added = try await store.addCompaction(
                    NewCompaction(
                        firstSequence: 1,
                        lastSequence: 3,
                        summary: summary,
                        author: .summarizer(agent: "support", model: #"gpt "mini""#),
                        tokensBefore: 60,
                        tokensAfter: 9
                    ),
                    to: key
                )
                #expect(added.number == 2 && added.createdAt == clock.now())
                written = [restored, added]
                try await store.close()
            }
            let reopened = try SQLiteSessionStore.file(in: directory, clock: clock)
            let read = try await reopened.compactions(of: key)
            #expect(read == written)
            #expect(read.map(\.summary.text) == [summary.text, summary.text], "the summary's text, byte for byte")
            let authors = try await reopened.database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT author FROM compactions ORDER BY number")
            }
            let summarizer = #"{"agent":"support","kind":"summarizer","model":"gpt \"mini\""}"#
            #expect(authors == [#"{"kind":"caller"}"#, summarizer], "the authors' JSON, keys sorted")
        }
    }

    /// Idle and expired clean-up, the delete of a tree and of a leaf, and an ephemeral child's
    /// sweep each remove the compactions of the sessions they delete, and only theirs.
    @Test func everyWayOfDeletingASessionRemovesItsCompactions() async throws {
        let clock = ManualWallClock()
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory, clock: clock))
        let summary = JSONDocument(["role": "system", "content": "Summary."])
        func compact(_ key: SessionKey) async throws {
            try await store.append([NewItem(["n": 1]), NewItem(["n": 2])], to: key)
            try await store.compact(key, CompactionRequest(summary: summary, through: 2))
        }
        func compacted(_ new: NewSession) async throws {
            try await compact(try await store.create(new).key)
        }
        func compactedSessions() async throws -> [String] {
            try await store.database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT session_id FROM compactions ORDER BY session_id")
            }
        }
        try await compacted(NewSession(id: "idle"))
        clock.advance(by: .seconds(7200))
        try await compacted(NewSession(id: "expiring", expiresAt: clock.now().advanced(by: .seconds(10))))
        try await compacted(NewSession(id: "root"))
        try await compacted(NewSession(id: "child", parentID: "root"))
        try await compacted(NewSession(id: "leaf"))
        try await compacted(NewSession(id: "kept"))
        clock.advance(by: .seconds(60))

        #expect(try await store.deleteSessions(idleLongerThan: .seconds(3600)) == 2)
        #expect(try await compactedSessions() == ["child", "kept", "leaf", "root"], "idle and expired sessions")
        #expect(try await store.delete(SessionKey("root")) == 2)
        #expect(try await store.delete(SessionKey("leaf")) == 1)
        #expect(try await compactedSessions() == ["kept"], "a tree and a leaf")
        let swept = try await store.withEphemeralChild(of: SessionKey("kept"), name: "sweep") { child in
            try await compact(child.key)
            return try await store.compactions(of: child.key).count
        }
        #expect(swept == 1)
        #expect(try await compactedSessions() == ["kept"], "an ephemeral child")
    }
}

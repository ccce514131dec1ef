import AgentSessions
import AgentSessionsPostgres
import AgentSessionsTesting
import Testing

@Suite("PostgresSessionStore listings", .serialized)
struct PostgresSessionStoreListingTests {
    @Test("metadata filters compare string values exactly, also in rows that hold U+0000, which jsonb cannot")
    func metadataFiltersBesideNUL() async throws {
        try await PostgresTestDatabase.with("metadata_nul") { database, clients in
            let store = try database.store(on: clients[0])
            let sessions: [(String, JSONObject)] = [
                ("plain", ["customer": "acme"]),
                ("nul-elsewhere", ["customer": "acme", "note": "a\u{0}b"]),
                ("nul-in-value", ["customer": "ac\u{0}me"]),
                ("nul-in-key", ["customer\u{0}": "acme"]),
                ("in-array", ["customer": ["acme"]]),
                ("replacement", ["customer": "ac\u{FFFD}me"]),
                ("escaped-text", ["customer": #"ac\u0000me"#, "note": "\u{0}"]),
            ]
            for (id, metadata) in sessions {
                try await store.create(NewSession(id: SessionID(id), metadata: metadata))
            }
            func ids(_ filter: [String: String]) async throws -> Set<String> {
                let query = SessionQuery(metadata: filter)
                let listed = try await store.list(query).sessions.map(\.id.rawValue)
                #expect(try await store.count(query) == listed.count, "count agrees for \(filter)")
                #expect(try await store.listSummaries(query).summaries.map(\.id.rawValue) == listed)
                return Set(listed)
            }
            #expect(try await ids(["customer": "acme"]) == ["plain", "nul-elsewhere"])
            #expect(try await ids(["customer": "ac\u{FFFD}me"]) == ["replacement"], "U+0000 is not U+FFFD")
            #expect(try await ids(["customer": "ac\u{FFFE}me"]).isEmpty, "U+0000 is not U+FFFE")
            #expect(try await ids(["customer\u{FFFD}": "acme"]).isEmpty, "nor in a key")
            #expect(try await ids(["customer": #"ac\u0000me"#]) == ["escaped-text"], "a backslash is a backslash")
            #expect(try await ids(["note": "a\u{FFFD}b"]).isEmpty)
        }
    }
}

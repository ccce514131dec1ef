import AgentSessions
import AgentSessionsTesting
import Foundation
import GRDB
import Testing

@testable import AgentSessionsSQLite

/// Issue 17: listings by a rare agent read `sessions_by_agent`, and listings by a rare value of
/// a declared metadata key read that key's index; creates without an agent or without the key
/// write neither, and a filter on an indexed key means what it means on any other key.
@Suite("SQLiteSessionStore agent and metadata indexes")
struct SQLiteSessionStoreIndexedListingTests {
    private static let customer = "sessions_by_metadata_637573746f6d6572"

    @Test func indexNamesAreTheKeysBytesInHexadecimal() throws {
        let index = try MetadataIndex(key: "customer")
        #expect(index.name == Self.customer)
        #expect(MetadataIndex(indexName: Self.customer) == index)
        let unusual = try MetadataIndex(key: "a.b:c@d-e_F9")
        #expect(MetadataIndex(indexName: unusual.name) == unusual)
        for name in ["sessions_by_agent", "sessions_by_metadata_", "sessions_by_metadata_6", "sessions_by_metadata_zz"]
        {
            #expect(MetadataIndex(indexName: name) == nil, "\(name)")
        }
        // Bytes that decode to a key outside the alphabet ("a b").
        #expect(MetadataIndex(indexName: "sessions_by_metadata_612062") == nil)
    }

    /// Keys a JSON path literal cannot spell safely are refused at open, naming the key and the
    /// rule, before the file is made.
    @Test(arguments: ["a\"b", "a'b", "a\\b", "", "..", "a b", "é", String(repeating: "k", count: 129)])
    func aKeyThatCannotBeIndexedIsRefused(key: String) async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/sessions.sqlite"
            let error = try #require(throws: SessionStoreError.self) {
                try SQLiteSessionStore(
                    configuration: .init(
                        location: .file(path),
                        options: .init(indexedMetadataKeys: ["customer", key])
                    )
                )
            }
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("indexed metadata key"), "\(error.message)")
            #expect(error.message.contains("only such keys can be indexed"), "\(error.message)")
            if !key.isEmpty, key.count < 100 { #expect(error.message.contains(key), "\(error.message)") }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        #expect(throws: SessionStoreError.self) {
            try SQLiteSessionStore.Configuration.Options.validateIndexedMetadataKey(key)
        }
    }

    /// The plans of the listings and counts that read along the agent's and a key's index, and
    /// of the walk and the tag's rows with a declared key's filter.
    @Test func rareAgentsAndDeclaredValuesReadAlongTheirIndexes() async throws {
        let store = try SQLiteSessionStore(
            configuration: .init(location: .inMemory, options: .init(indexedMetadataKeys: ["customer"]))
        )
        let customer = try #require(store.database.metadataIndexes["customer"])
        let indexes = store.database.metadataIndexes
        let byCustomer = SessionQuery(metadata: ["customer": "acme", "plan": "gold"], order: .oldestFirst, limit: 20)
        let cases: [(String, (sql: String, arguments: [SQLArgument]), expected: [String], sorts: Bool)] = [
            (
                "a rare agent", ListingSQL.list(SessionQuery(agentName: "rare", limit: 20), .byAgent, columns: "s.id"),
                ["SEARCH s USING INDEX sessions_by_agent (app=? AND agent_name=?)"], true
            ),
            (
                "an agent's count", (ListingSQL.agentCount, [.text("default"), .text("rare"), .integer(4096)]),
                ["SEARCH sessions USING COVERING INDEX sessions_by_agent (app=? AND agent_name=?)"], false
            ),
            (
                "a common agent", ListingSQL.list(SessionQuery(agentName: "common", limit: 20), columns: "s.id"),
                ["SEARCH s USING INDEX sessions_by_activity (app=?)"], false
            ),
            (
                "a rare declared value",
                ListingSQL.list(
                    byCustomer,
                    .byMetadata(customer),
                    columns: SessionRow.columns,
                    metadataIndexes: indexes
                ),
                ["SEARCH s USING INDEX \(Self.customer) (app=? AND <expr>=?)"], true
            ),
            (
                "a declared value's count", (customer.countSQL, [.text("default"), .text("acme"), .integer(4096)]),
                ["SEARCH sessions USING INDEX \(Self.customer) (app=? AND <expr>=?)"], false
            ),
            (
                "a count by a rare declared value",
                ListingSQL.count(byCustomer, .byMetadata(customer), metadataIndexes: indexes),
                ["SEARCH s USING INDEX \(Self.customer) (app=? AND <expr>=?)"], false
            ),
            (
                "a common declared value",
                ListingSQL.list(byCustomer, columns: "s.id", metadataIndexes: indexes),
                ["SEARCH s USING INDEX sessions_by_activity (app=?)"], true
            ),
            (
                "a rare tag with a declared value",
                ListingSQL.list(
                    SessionQuery(tags: ["t"], metadata: ["customer": "acme"], limit: 20),
                    .byTag("t"),
                    columns: "s.id",
                    metadataIndexes: indexes
                ),
                [
                    "SEARCH g USING PRIMARY KEY (app=? AND tag=?)",
                    "SEARCH s USING INDEX sqlite_autoindex_sessions_1 (app=? AND id=?)",
                ], true
            ),
        ]
        try store.expectPlans(cases)
    }

    /// A key declared on a database that already holds sessions finds them; its index stays
    /// when the key is no longer declared, and listings keep reading along it.
    @Test func aKeyDeclaredLaterFindsTheSessionsAlreadyStored() async throws {
        try await TemporaryDirectory.with { directory in
            let before = try SQLiteSessionStore.file(in: directory)
            for number in 0..<30 {
                try await before.create(
                    NewSession(
                        id: try SessionID("s\(number)"),
                        metadata: ["customer": .string(number % 10 == 3 ? "rare" : "common")]
                    )
                )
            }
            #expect(before.database.metadataIndexes.isEmpty)
            try await before.close()

            let query = SessionQuery(metadata: ["customer": "rare"], order: .oldestFirst)
            // A page cache of 0 shows that readers keep the configured size after the index is made.
            let declaring = SQLiteSessionStore.Configuration.Options(
                pageCacheBytes: 0,
                indexedMetadataKeys: ["customer"]
            )
            for options in [declaring, .init(pageCacheBytes: 0)] {
                let store = try SQLiteSessionStore.file(in: directory, options: options)
                let cacheSize = try await store.database.writer.read { db in
                    try Int.fetchOne(db, sql: "PRAGMA cache_size")
                }
                #expect(cacheSize == 0, "\(options)")
                let names = try store.database.read("names") { db in
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'sessions_by_meta%'")
                }
                #expect(names == [Self.customer], "\(options)")
                let path = try store.database.read("choose") { db in
                    try ListingSQL.path(for: query, metadataIndexes: store.database.metadataIndexes, in: db)
                }
                #expect(path == .byMetadata(try MetadataIndex(key: "customer")), "\(options)")
                #expect(try await store.list(query).sessions.map(\.id) == ["s3", "s13", "s23"], "\(options)")
                #expect(try await store.count(query) == 3)
                try await store.close()
            }
        }
    }

    /// A declared key's filter matches exactly a JSON string, as the `json_each` probe of any
    /// other key does: not a number, a Boolean, null, an object, nor a nested key.
    @Test func aDeclaredKeyMatchesWhatAnUndeclaredKeyMatches() async throws {
        let values: [String: JSONValue] = [
            "string-5": .string("5"), "number-5": .int(5), "object": .object(["a": .int(1)]),
            "object-text": .string(#"{"a":1}"#), "true": .bool(true), "true-text": .string("true"),
            "null": .null, "empty": .string(""), "decimal": .double(1.5), "decimal-text": .string("1.5"),
        ]
        let declared = try SQLiteSessionStore(
            configuration: .init(location: .inMemory, options: .init(indexedMetadataKeys: ["k"]))
        )
        let undeclared = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        for store in [declared, undeclared] {
            for (id, value) in values {
                try await store.create(NewSession(id: try SessionID(id), metadata: ["k": value, "other": "5"]))
            }
            try await store.create(NewSession(id: "nested", metadata: ["inner": .object(["k": "5"])]))
            try await store.create(NewSession(id: "none"))
        }
        for value in ["5", #"{"a":1}"#, "true", "1", "", "1.5", "null", "missing"] {
            for order in [SessionOrder.recentActivityFirst, .newestFirst, .oldestFirst] {
                let query = SessionQuery(metadata: ["k": value], order: order)
                let expected = try await undeclared.list(query).sessions.map(\.id)
                #expect(expected.count <= 1, "\(value)")
                #expect(try await declared.list(query).sessions.map(\.id) == expected, "\(value) \(order)")
                var paged = query
                paged.limit = 1
                #expect(try await declared.listAll(paged).map(\.id) == expected, "\(value) \(order), paged")
                #expect(try await declared.count(query) == expected.count, "\(value)")
            }
        }
        #expect(try await declared.list(SessionQuery(metadata: ["k": "5"])).sessions.map(\.id) == ["string-5"])
        #expect(try await declared.list(SessionQuery(metadata: ["k": ""])).sessions.map(\.id) == ["empty"])
    }

    /// Creates without an agent, or without a declared key's string value, write no entry in
    /// that index: ANALYZE counts each index's entries in `sqlite_stat1`.
    @Test func createsWithoutAnAgentOrTheKeyWriteNoIndexEntry() async throws {
        let store = try SQLiteSessionStore(
            configuration: .init(location: .inMemory, options: .init(indexedMetadataKeys: ["customer"]))
        )
        for number in 0..<5 { try await store.create(NewSession(id: try SessionID("plain-\(number)"))) }
        try await store.create(NewSession(id: "number", metadata: ["customer": 5]))
        let entries = {
            try store.database.read("count entries") { db in
                try db.execute(sql: "ANALYZE")
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL") {
                    let stat: String = row["stat"]
                    counts[row["idx"]] = Int(stat.split(separator: " ").first ?? "")
                }
                return counts
            }
        }
        var counts = try entries()
        #expect(counts["sessions_by_activity"] == 6)
        #expect(counts["sessions_by_agent", default: 0] == 0, "\(counts)")
        #expect(counts[Self.customer, default: 0] == 0, "\(counts)")
        #expect(counts["sessions_by_phase", default: 0] == 0, "\(counts)")

        try await store.create(NewSession(id: "agent", agentName: "support", metadata: ["customer": "acme"]))
        counts = try entries()
        #expect(counts["sessions_by_agent"] == 1, "\(counts)")
        #expect(counts[Self.customer] == 1, "\(counts)")
        try await store.append([NewItem(["text": "hi"])], to: SessionKey("agent"))
        try await store.update(SessionKey("agent"), SessionUpdate(metadata: ["customer": "other"]))
        #expect(try await store.list(SessionQuery(metadata: ["customer": "other"])).sessions.map(\.id) == ["agent"])
        #expect(try await store.list(SessionQuery(metadata: ["customer": "acme"])).sessions.isEmpty)
        #expect(try await store.list(SessionQuery(agentName: "support")).sessions.map(\.id) == ["agent"])
    }
}

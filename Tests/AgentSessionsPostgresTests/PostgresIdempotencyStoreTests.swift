import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsPostgres
import AgentSessionsTesting
import PostgresNIO
import Testing

@Suite("PostgreSQL idempotency records", .serialized)
struct PostgresIdempotencyStoreTests {
    @Test(arguments: IdempotencyStoreConformance.Check.allCases)
    func conformance(_ check: IdempotencyStoreConformance.Check) async throws {
        try await PostgresTestDatabase.with("idem_" + check.rawValue) { database, clients in
            try await IdempotencyStoreConformance { policy in
                try Self.records(of: try database.store(on: clients[0]), policy: policy)
            }.run(check)
        }
    }

    @Test("claims of one key racing through four clients (four servers): one proceeds, all see its answer")
    func claimsAcrossClients() async throws {
        try await PostgresTestDatabase.with("idem_race", clients: 4) { database, clients in
            let records = try clients.map { try Self.records(of: try database.store(on: $0)) }
            let now = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)
            for round in 0..<5 {
                let key = IdempotencyKey(app: "default", value: "race-\(round)")
                let starts = try await withThrowingTaskGroup(of: IdempotencyStart.self) { group in
                    for index in 0..<16 {
                        group.addTask { try await records[index % 4].begin(key, fingerprint: "f", now: now) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(starts.filter { $0 == .proceed }.count == 1, "round \(round): exactly one claim proceeds")
                #expect(starts.filter { $0 == .inProgress }.count == 15)
                let answer = StoredResponse(status: 201, headers: ["ETag": "\"\(round)\""], body: [0, 255, 10])
                try await records[round % 4].finish(key, response: answer, now: now)
                for other in records {
                    #expect(try await other.begin(key, fingerprint: "f", now: now) == .replay(answer))
                }
            }
        }
    }

    @Test("records past their time are deleted by a later claim")
    func oldRecordsAreDeleted() async throws {
        try await PostgresTestDatabase.with("idem_cleanup") { database, clients in
            let keys: PostgresQuery =
                "SELECT key FROM \(unescaped: "\"\(database.schema)\"").idempotency_keys ORDER BY key"
            try await IdempotencyStoreConformance.checkOldRecordsAreDeleted(
                try Self.records(of: try database.store(on: clients[0]))
            ) {
                try await clients[0].query(keys).collect().map { try $0.decode(String.self) }
            }
        }
    }

    /// The durable records of a store.
    static func records(
        of store: PostgresSessionStore,
        policy: IdempotencyPolicy = IdempotencyStoreConformance.policy
    ) throws -> any IdempotencyStore {
        try #require(store.durableIdempotencyStore(policy: policy))
    }
}

import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsSQLite
import AgentSessionsTesting
import GRDB
import Testing

@Suite("SQLite idempotency records")
struct SQLiteIdempotencyStoreTests {
    @Test(arguments: IdempotencyStoreConformance.Check.allCases)
    func conformance(_ check: IdempotencyStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await IdempotencyStoreConformance { policy in
                try Self.records(of: try SQLiteSessionStore.file(in: directory), policy: policy)
            }.run(check)
        }
    }

    /// As `agent-sessions serve` opens the store: every write goes through the group-commit queue.
    @Test(arguments: IdempotencyStoreConformance.Check.allCases)
    func conformanceWithWritesOnTheWriterThread(_ check: IdempotencyStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await IdempotencyStoreConformance { policy in
                let store = try SQLiteSessionStore(
                    configuration: .init(
                        location: .file(directory + "/served.sqlite"),
                        options: .init(writesOnCallingThread: false)
                    )
                )
                return try Self.records(of: store, policy: policy)
            }.run(check)
        }
    }

    @Test func answersSurviveReopeningTheFile() async throws {
        try await TemporaryDirectory.with { directory in
            let key = IdempotencyKey(app: "ops", value: "k-1")
            let now = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)
            let answer = StoredResponse(status: 201, headers: ["ETag": "\"1\""], body: Array(#"{"id":"s"}"#.utf8))
            do {
                let records = try Self.records(of: try SQLiteSessionStore.file(in: directory))
                #expect(try await records.begin(key, fingerprint: "f", now: now) == .proceed)
                try await records.finish(key, response: answer, now: now)
            }
            let reopened = try Self.records(of: try SQLiteSessionStore.file(in: directory))
            #expect(try await reopened.begin(key, fingerprint: "f", now: now) == .replay(answer))
        }
    }

    @Test("two stores on one file (two processes) share claims: one of them proceeds")
    func storesOnOneFileShareClaims() async throws {
        try await TemporaryDirectory.with { directory in
            let stores = try (0..<2).map { _ in try Self.records(of: try SQLiteSessionStore.file(in: directory)) }
            let key = IdempotencyKey(app: "default", value: "shared")
            let now = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)
            let starts = try await withThrowingTaskGroup(of: IdempotencyStart.self) { group in
                for index in 0..<16 {
                    group.addTask { try await stores[index % 2].begin(key, fingerprint: "f", now: now) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(starts.filter { $0 == .proceed }.count == 1)
            let answer = StoredResponse(status: 200, headers: [:], body: [1, 2, 3])
            try await stores[0].finish(key, response: answer, now: now)
            #expect(try await stores[1].begin(key, fingerprint: "f", now: now) == .replay(answer))
        }
    }

    @Test("records past their time are deleted by a later claim, in the store's own file")
    func oldRecordsAreDeleted() async throws {
        try await TemporaryDirectory.with { directory in
            let records = try Self.records(of: try SQLiteSessionStore.file(in: directory))
            try await IdempotencyStoreConformance.checkOldRecordsAreDeleted(records) {
                let queue = try DatabaseQueue(path: directory + "/sessions.sqlite")
                return try queue.read { db in
                    try String.fetchAll(db, sql: "SELECT key FROM idempotency_keys ORDER BY key")
                }
            }
        }
    }

    /// The durable records of a store.
    static func records(
        of store: SQLiteSessionStore,
        policy: IdempotencyPolicy = IdempotencyStoreConformance.policy
    ) throws -> any IdempotencyStore {
        try #require(store.durableIdempotencyStore(policy: policy))
    }
}

import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/healthz` reports the store's state when the store can check it.
@Suite struct HealthTests {
    /// A store whose storage is down, as a PostgreSQL store's is while the database is unreachable.
    struct UnreachableStore: SessionStore, HealthCheckable {
        let failing = FailingSessionStore(error: SessionStoreError(.unavailable, "the PostgreSQL server is down"))

        var clock: any WallClock { failing.clock }
        var lifecycles: LifecycleCatalog { failing.lifecycles }

        func checkHealth() async -> StoreHealth {
            StoreHealth(store: "postgres", isAvailable: false, reason: "the PostgreSQL server cannot be reached")
        }

        func create(_ new: NewSession) async throws -> Session { try await failing.create(new) }
        func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
            try await failing.getOrCreate(new)
        }
        func session(_ key: SessionKey) async throws -> Session? { try await failing.session(key) }
        func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
            try await failing.update(key, update, expectedVersion: expectedVersion)
        }
        func delete(_ key: SessionKey) async throws -> Int { try await failing.delete(key) }
        func list(_ query: SessionQuery) async throws -> SessionPage { try await failing.list(query) }
        func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
            try await failing.append(items, to: key)
        }
        func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
            try await failing.items(of: key, query)
        }
        func pinnedItems(of key: SessionKey) async throws -> [SessionItem] { try await failing.pinnedItems(of: key) }
        func popLastItem(of key: SessionKey) async throws -> SessionItem? { try await failing.popLastItem(of: key) }
        func clearItems(of key: SessionKey) async throws -> Int { try await failing.clearItems(of: key) }
        func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
            try await failing.fork(key, through: sequence, as: newID)
        }
        func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
            try await failing.deleteSessions(idleLongerThan: age, app: app)
        }
        func statistics(app: String?) async throws -> SessionStatistics { try await failing.statistics(app: app) }
        func restore(_ session: Session) async throws -> Session { try await failing.restore(session) }
        func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
            try await failing.restore(items, to: key)
        }
        func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
            try await failing.addCompaction(compaction, to: key)
        }
        func compactions(of key: SessionKey) async throws -> [Compaction] { try await failing.compactions(of: key) }
        func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
            try await failing.restoreCompactions(compactions, to: key)
        }
    }

    @Test func aStoreThatCannotBeCheckedIsReportedUp() async throws {
        try await TestAPI(store: InMemorySessionStore()).test { api in
            let response = try await api.send(.get, "/healthz")
            #expect(response.status == .ok)
            #expect(response.text == "{\"status\":\"ok\"}\n")
        }
    }

    @Test func anUnreachableStoreIs503WithTheStoreAndTheReason() async throws {
        let store = UnreachableStore()
        try await TestAPI(store: store, health: store).test { api in
            let response = try await api.send(.get, "/healthz")
            #expect(response.status == .serviceUnavailable)
            let body = try JSONObject(parsingObject: response.text, field: "body")
            #expect(body["status"] == "unavailable")
            #expect(body["store"] == "postgres")
            #expect(body["reason"] == "the PostgreSQL server cannot be reached")
        }
    }
}

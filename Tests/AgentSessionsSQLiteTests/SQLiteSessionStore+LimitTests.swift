import AgentSessions
import AgentSessionsSQLite
import Testing

@Suite("SQLiteSessionStore limits")
struct SQLiteSessionStoreLimitTests {
    @Test func hugeLimitsReadEverything() async throws {
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        let session = try await store.create(NewSession(id: "big"))
        _ = try await store.append([NewItem(["n": 1]), NewItem(["n": 2])], to: session.key)
        #expect(try await store.items(of: session.key, ItemQuery(limit: .max)).count == 2)
        #expect(try await store.items(of: session.key, ItemQuery(limit: .max, after: 1)).count == 1)
        let page = try await store.list(SessionQuery(limit: .max))
        #expect(page.sessions.map(\.id) == ["big"])
        #expect(page.nextCursor == nil)
    }
}

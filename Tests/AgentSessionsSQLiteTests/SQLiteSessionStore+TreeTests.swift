import AgentSessions
import AgentSessionsSQLite
import AgentSessionsTesting
import Testing

@Suite("SQLiteSessionStore trees")
struct SQLiteSessionStoreTreeTests {
    /// An orphan (its parent cleaned up) can become the parent of a new session with its old
    /// parent's id: the recursive delete must still end, and delete each session once.
    @Test func deletingAParentCycleEnds() async throws {
        let clock = ManualWallClock()
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory, clock: clock))
        _ = try await store.create(NewSession(id: "a"))
        _ = try await store.create(NewSession(id: "b", parentID: "a"))
        clock.advance(by: .seconds(7200))
        _ = try await store.append([NewItem(["n": 1])], to: SessionKey("b"))
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(3600)) == 1)
        _ = try await store.create(NewSession(id: "a", parentID: "b"))
        #expect(try await store.delete(SessionKey("b")) == 2)
        #expect(try await store.list(SessionQuery()).sessions.isEmpty)
    }

    @Test func deletingRemovesGrandchildrenAndTheirItems() async throws {
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        _ = try await store.create(NewSession(id: "root"))
        _ = try await store.create(NewSession(id: "child", parentID: "root"))
        _ = try await store.create(NewSession(id: "grandchild", parentID: "child"))
        _ = try await store.create(NewSession(id: "other"))
        _ = try await store.append([NewItem(["n": 1])], to: SessionKey("grandchild"))
        #expect(try await store.delete(SessionKey("root")) == 3)
        #expect(try await store.list(SessionQuery()).sessions.map(\.id) == ["other"])
        #expect(try await store.statistics(app: nil).itemCount == 0)
    }
}

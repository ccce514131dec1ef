import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import ServiceLifecycleTestKit
import Testing

@Suite struct EphemeralChildSweeperTests {
    /// A store with a root session and one tracked ephemeral child.
    private func makeFixture() async throws -> (InMemorySessionStore, ManualWallClock, EphemeralChildRegistry) {
        let wall = ManualWallClock()
        let store = InMemorySessionStore(configuration: .init(clock: wall))
        _ = try await store.create(NewSession(id: "root"))
        let child = try await store.create(NewSession(id: "kid", parentID: "root", kind: .ephemeral))
        let children = EphemeralChildRegistry()
        children.track(child.key)
        return (store, wall, children)
    }

    @Test func sweepDeletesOnlyChildrenIdleLongEnough() async throws {
        let (store, wall, children) = try await makeFixture()
        let sweeper = EphemeralChildSweeper(
            store: store,
            children: children,
            configuration: .init(idleTime: .seconds(600)),
            clock: ManualClock()
        )
        wall.advance(by: .seconds(599))
        #expect(await sweeper.sweep() == 0)
        wall.advance(by: .seconds(1))
        #expect(await sweeper.sweep() == 1)
        #expect(try await store.session(SessionKey("kid")) == nil)
        #expect(try await store.session(SessionKey("root")) != nil)
        #expect(children.trackedKeys.isEmpty)
    }

    @Test func aChildDeletedElsewhereIsForgotten() async throws {
        let (store, _, children) = try await makeFixture()
        _ = try await store.delete(SessionKey("root"))
        let sweeper = EphemeralChildSweeper(store: store, children: children, clock: ManualClock())
        #expect(await sweeper.sweep() == 0)
        #expect(children.trackedKeys.isEmpty)
    }

    @Test func theServiceSweepsOnItsClockAndStopsAtGracefulShutdown() async throws {
        let (store, wall, children) = try await makeFixture()
        let clock = ManualClock()
        let sweeper = EphemeralChildSweeper(
            store: store,
            children: children,
            configuration: .init(interval: .seconds(60), idleTime: .seconds(600)),
            clock: clock
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sweeper.run() }
                await clock.waitForSleepers(1)
                wall.advance(by: .seconds(600))
                clock.advance(by: .seconds(60))
                await clock.waitForSleepers(1)
                #expect(try await store.session(SessionKey("kid")) == nil)
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test func childrenFromBeforeARestartAreFoundAndSwept() async throws {
        let (store, wall, _) = try await makeFixture()
        _ = try await store.create(NewSession(id: "kept", parentID: "root"))
        let children = EphemeralChildRegistry()
        let sweeper = EphemeralChildSweeper(
            store: store,
            children: children,
            configuration: .init(idleTime: .seconds(60), apps: ["default", "other"]),
            clock: ManualClock()
        )
        #expect(await sweeper.trackExistingChildren() == 1)
        #expect(await sweeper.trackExistingChildren() == 0)
        wall.advance(by: .seconds(60))
        #expect(await sweeper.sweep() == 1)
        #expect(try await store.session(SessionKey("kid")) == nil)
        #expect(try await store.session(SessionKey("kept")) != nil)
    }
}

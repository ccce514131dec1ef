import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import MetricsTestKit
import ServiceLifecycleTestKit
import Testing

/// The background clean-up of `serve`: expired sessions in every app, idle ones of the apps
/// given an idle time, on an injected clock, counted in metrics.
@Suite struct StaleSessionSweeperTests {
    /// A store on a manual wall clock with sessions that expire in 10 minutes (`soon`, and
    /// `ops-soon` in app ops), one that never expires (`kept`), and an idle one in ops.
    private func makeStore() async throws -> (InMemorySessionStore, ManualWallClock) {
        let wall = ManualWallClock()
        let store = InMemorySessionStore(configuration: .init(clock: wall))
        let soon = wall.now().advanced(by: .seconds(600))
        try await store.create(NewSession(id: "soon", expiresAt: soon))
        try await store.create(NewSession(id: "ops-soon", app: "ops", expiresAt: soon))
        try await store.create(NewSession(id: "kept"))
        try await store.create(NewSession(id: "ops-idle", app: "ops"))
        return (store, wall)
    }

    private func ids(_ store: InMemorySessionStore, app: String = SessionKey.defaultApp) async throws -> Set<String> {
        Set(try await store.listAll(SessionQuery(app: app)).map(\.id.rawValue))
    }

    @Test func aSweepDeletesExpiredSessionsOfEveryAppAndNothingElse() async throws {
        let (store, wall) = try await makeStore()
        let metrics = TestMetrics()
        let sweeper = StaleSessionSweeper(store: store, clock: ManualClock(), metricsFactory: metrics)
        wall.advance(by: .seconds(599))
        #expect(await sweeper.sweep() == .init(expired: 0, idle: 0))
        wall.advance(by: .seconds(1))
        #expect(await sweeper.sweep() == .init(expired: 2, idle: 0))
        #expect(try await ids(store) == ["kept"])
        #expect(try await ids(store, app: "ops") == ["ops-idle"])
        let swept = try metrics.expectCounter("agent_sessions_sessions_swept_total", [("reason", "expired")])
        #expect(swept.totalValue == 2)
    }

    @Test func idleSessionsAreDeletedOnlyInAppsWithAnIdleTime() async throws {
        let (store, wall) = try await makeStore()
        let metrics = TestMetrics()
        let sweeper = StaleSessionSweeper(
            store: store,
            configuration: .init(idleTimes: ["ops": .seconds(3600)]),
            clock: ManualClock(),
            metricsFactory: metrics
        )
        try await store.append([NewItem(["n": 1])], to: SessionKey("kept"))
        wall.advance(by: .seconds(3600))
        #expect(await sweeper.sweep() == .init(expired: 2, idle: 0), "idle exactly the idle time is not longer")
        wall.advance(by: .milliseconds(1))
        #expect(await sweeper.sweep() == .init(expired: 0, idle: 1))
        #expect(try await ids(store, app: "ops").isEmpty)
        #expect(try await ids(store) == ["kept"], "the default app has no idle time: idle sessions stay")
        let idle = try metrics.expectCounter("agent_sessions_sessions_swept_total", [("reason", "idle")])
        #expect(idle.totalValue == 1)
    }

    @Test func theServiceSweepsOnItsClockWithoutACleanupCallAndStopsAtGracefulShutdown() async throws {
        let (store, wall) = try await makeStore()
        let clock = ManualClock()
        let sweeper = StaleSessionSweeper(
            store: store,
            configuration: .init(interval: .seconds(60)),
            clock: clock,
            metricsFactory: TestMetrics()
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sweeper.run() }
                await clock.waitForSleepers(1)
                wall.advance(by: .seconds(600))
                #expect(try await ids(store).contains("soon"), "nothing is deleted before the interval passes")
                clock.advance(by: .seconds(60))
                // The sweep runs before the timer sleeps again.
                await clock.waitForSleepers(1)
                #expect(try await ids(store) == ["kept"])
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test func aFailedSweepIsReportedAsNothingDeletedAndTheNextOneStillRuns() async throws {
        let wall = ManualWallClock()
        let store = InMemorySessionStore(configuration: .init(clock: wall))
        try await store.create(NewSession(id: "soon", expiresAt: wall.now().advanced(by: .seconds(1))))
        let sweeper = StaleSessionSweeper(
            store: store,
            configuration: .init(idleTimes: ["ops": .seconds(-1)]),
            clock: ManualClock(),
            metricsFactory: TestMetrics()
        )
        wall.advance(by: .seconds(1))
        // The idle clean-up of ops fails (a negative age); the expired one still happened.
        #expect(await sweeper.sweep() == .init(expired: 1, idle: 0))
        #expect(try await ids(store).isEmpty)
    }
}

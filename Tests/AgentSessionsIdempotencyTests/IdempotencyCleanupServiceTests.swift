import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsTesting
import ServiceLifecycleTestKit
import Testing

@Suite struct IdempotencyCleanupServiceTests {
    private let policy = IdempotencyPolicy(window: .seconds(3600), claimTimeout: .seconds(60))

    @Test func removesOnlyRecordsPastTheirTimeByTheWallClock() async throws {
        let wall = ManualWallClock()
        let records = InMemoryIdempotencyStore(policy: policy)
        let service = IdempotencyCleanupService(records: records, interval: .seconds(60), wallClock: wall)
        let key = IdempotencyKey(app: "default", value: "k")
        #expect(await records.begin(key, fingerprint: "f", now: wall.now()) == .proceed)
        wall.advance(by: .seconds(59))
        #expect(await service.removeExpired() == 0, "the claim still counts")
        wall.advance(by: .seconds(1))
        #expect(await service.removeExpired() == 1)
        #expect(await records.removeExpired(now: wall.now()) == 0, "nothing is left")
    }

    @Test func theServiceRemovesOnItsClockAndStopsAtGracefulShutdown() async throws {
        let wall = ManualWallClock()
        let records = InMemoryIdempotencyStore(policy: policy)
        let clock = ManualClock()
        let service = IdempotencyCleanupService(records: records, interval: .seconds(60), wallClock: wall, clock: clock)
        let key = IdempotencyKey(app: "default", value: "left-by-a-crash")
        #expect(await records.begin(key, fingerprint: "f", now: wall.now()) == .proceed)
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                await clock.waitForSleepers(1)
                wall.advance(by: .seconds(60))
                clock.advance(by: .seconds(60))
                await clock.waitForSleepers(1)
                #expect(await records.removeExpired(now: wall.now()) == 0, "the service removed the stale claim")
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}

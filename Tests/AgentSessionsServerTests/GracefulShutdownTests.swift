import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycleTestKit
import Testing

/// The application stops, server and background timers alike, when its group shuts down
/// gracefully.
@Suite struct GracefulShutdownTests {
    @Test func theApplicationReturnsAtGracefulShutdown() async throws {
        let clock = ManualClock()
        let app = try buildApplication(
            configuration: ServerConfiguration(port: 0),
            store: InMemorySessionStore(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            sweeperClock: clock
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                await clock.waitForSleepers(3)
                #expect(
                    clock.sleeperCount == 3,
                    "the two sweepers and the idempotency cleanup wait for their first run"
                )
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}

import AgentSessions
import AgentSessionsTesting
import Testing

@Suite("InMemorySessionStore")
struct InMemorySessionStoreTests {
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await SessionStoreConformance { fixture in
            InMemorySessionStore(configuration: .init(clock: fixture.clock, lifecycles: fixture.lifecycles))
        }.run(check)
    }
}

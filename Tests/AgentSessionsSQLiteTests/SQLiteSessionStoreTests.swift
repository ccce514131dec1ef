import AgentSessions
import AgentSessionsSQLite
import AgentSessionsTesting
import Testing

@Suite("SQLiteSessionStore")
struct SQLiteSessionStoreTests {
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await SessionStoreConformance { fixture in
                try SQLiteSessionStore.file(in: directory, clock: fixture.clock, lifecycles: fixture.lifecycles)
            }.run(check)
        }
    }

    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformanceInMemory(_ check: SessionStoreConformance.Check) async throws {
        try await SessionStoreConformance { fixture in
            try SQLiteSessionStore(
                configuration: .init(location: .inMemory, clock: fixture.clock, lifecycles: fixture.lifecycles)
            )
        }.run(check)
    }
}

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

    /// As `agent-sessions serve` opens it: every write goes through the group-commit queue.
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformanceWithWritesOnTheWriterThread(_ check: SessionStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await SessionStoreConformance { fixture in
                try SQLiteSessionStore(
                    configuration: .init(
                        location: .file(directory + "/served.sqlite"),
                        clock: fixture.clock,
                        lifecycles: fixture.lifecycles,
                        options: .init(writesOnCallingThread: false)
                    )
                )
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

import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import Testing

@Suite("FileSessionStore")
struct FileSessionStoreTests {
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await SessionStoreConformance { fixture in
                try FileSessionStore(
                    configuration: .init(directory: directory, clock: fixture.clock, lifecycles: fixture.lifecycles)
                )
            }.run(check)
        }
    }
}

import AgentSessions
import AgentSessionsClient
import AgentSessionsSQLite
import AgentSessionsTesting
import Testing

/// The whole conformance suite, through `HTTPSessionStore` to a real server on 127.0.0.1 over a
/// SQLite file.
@Suite("HTTPSessionStore")
struct HTTPSessionStoreConformanceTests {
    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await LoopbackServer.with { servers in
                try await SessionStoreConformance { fixture in
                    let sqlite = try SQLiteSessionStore(
                        configuration: .init(
                            location: .file(directory + "/served.sqlite"),
                            clock: fixture.clock,
                            lifecycles: fixture.lifecycles
                        )
                    )
                    let url = try await servers.start(over: sqlite)
                    // The suite checks behaviour, not speed: a thousand calls at once wait in the
                    // client's connection pool, which on a loaded machine took longer than the
                    // 30-second default (seen in CI), so the timeout here is generous.
                    return try HTTPSessionStore(
                        configuration: .init(
                            baseURL: url,
                            timeout: patientTimeout,
                            clock: fixture.clock,
                            lifecycles: fixture.lifecycles
                        )
                    )
                }.run(check)
            }
        }
    }
}

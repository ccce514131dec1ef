import AgentSessions
import AgentSessionsClient
import AgentSessionsSQLite
import AgentSessionsTesting
import Testing

/// The whole conformance suite, through `HTTPSessionStore` to a real server on 127.0.0.1 over a
/// SQLite file; and the compaction checks over the in-memory reference store too, so that the
/// HTTP routes of compactions and the model's view are checked apart from any backend's own.
@Suite("HTTPSessionStore")
struct HTTPSessionStoreConformanceTests {
    /// The checks of compactions and the model's view.
    static let compactionChecks: [SessionStoreConformance.Check] = [
        .compactionsKeepRawItems, .compactionsInForkClearAndDelete, .compactionRestore, .modelContext,
        .compactionRacingAppends,
    ]

    @Test(arguments: SessionStoreConformance.Check.allCases)
    func conformance(_ check: SessionStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await Self.run(check) { fixture in
                try SQLiteSessionStore(
                    configuration: .init(
                        location: .file(directory + "/served.sqlite"),
                        clock: fixture.clock,
                        lifecycles: fixture.lifecycles
                    )
                )
            }
        }
    }

    @Test(arguments: compactionChecks)
    func compactionsOverTheReferenceStore(_ check: SessionStoreConformance.Check) async throws {
        try await Self.run(check) { fixture in
            InMemorySessionStore(configuration: .init(clock: fixture.clock, lifecycles: fixture.lifecycles))
        }
    }

    /// Runs a check through a client of a loopback server over the store `served` builds.
    private static func run(
        _ check: SessionStoreConformance.Check,
        over served: @escaping @Sendable (SessionStoreConformance.Fixture) throws -> any SessionStore
    ) async throws {
        try await LoopbackServer.with { servers in
            try await SessionStoreConformance { fixture in
                let url = try await servers.start(over: try served(fixture))
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

import AgentSessions
import AgentSessionsEncryption
import AgentSessionsSQLite
import AgentSessionsTesting
import Testing

/// The whole store contract, kept by the encrypting decorator over two backends, with every
/// app the suite uses encrypted.
@Suite("EncryptedSessionStore conformance")
struct EncryptedSessionStoreConformanceTests {
    /// Every app the conformance suite writes to.
    static let apps: Set<String> = [SessionKey.defaultApp, "alpha", "beta", "other", SessionStoreConformance.customApp]

    @Test(arguments: SessionStoreConformance.Check.allCases)
    func overInMemory(_ check: SessionStoreConformance.Check) async throws {
        try await SessionStoreConformance { fixture in
            try TestKeys.store(
                over: InMemorySessionStore(configuration: .init(clock: fixture.clock, lifecycles: fixture.lifecycles)),
                keys: [try TestKeys.key("k1", fill: 1)],
                apps: Self.apps
            )
        }.run(check)
    }

    @Test(arguments: SessionStoreConformance.Check.allCases)
    func overSQLite(_ check: SessionStoreConformance.Check) async throws {
        try await TemporaryDirectory.with { directory in
            try await SessionStoreConformance { fixture in
                try TestKeys.store(
                    over: SQLiteSessionStore(
                        configuration: .init(
                            location: .file(directory + "/sessions.sqlite"),
                            clock: fixture.clock,
                            lifecycles: fixture.lifecycles
                        )
                    ),
                    keys: [try TestKeys.key("k2", fill: 2), try TestKeys.key("k1", fill: 1)],
                    apps: Self.apps
                )
            }.run(check)
        }
    }
}

import AgentSessions
import AgentSessionsEncryption
import AgentSessionsSQLite
import AgentSessionsTesting
import Testing

/// The store contract, kept by the encrypting decorator over two backends, with every app the
/// suite uses encrypted.
///
/// Two checks are left out on purpose: ``SessionStoreConformance/Check/statistics`` and
/// ``SessionStoreConformance/Check/statisticsCountTokens`` assert the plaintext size of the
/// items in `itemBytes` and the estimates made from it, while an encrypted app's statistics count
/// the bytes actually stored (the sealed envelopes): the wrapped store counts them, and the
/// decorator cannot know the plaintext sizes without reading every item. Callers' token counts
/// are stored in the clear and count as given.
/// ``EncryptedSessionStoreStatisticsTests`` checks what its statistics are instead.
@Suite("EncryptedSessionStore conformance")
struct EncryptedSessionStoreConformanceTests {
    /// Every app the conformance suite writes to.
    static let apps: Set<String> = [SessionKey.defaultApp, "alpha", "beta", "other", SessionStoreConformance.customApp]

    /// Every check but those of statistics, which count the sealed items (see above).
    static let checks = SessionStoreConformance.Check.allCases.filter {
        $0 != .statistics && $0 != .statisticsCountTokens && $0 != .statisticsMatchARecount
    }

    @Test(arguments: Self.checks)
    func overInMemory(_ check: SessionStoreConformance.Check) async throws {
        try await SessionStoreConformance { fixture in
            try TestKeys.store(
                over: InMemorySessionStore(configuration: .init(clock: fixture.clock, lifecycles: fixture.lifecycles)),
                keys: [try TestKeys.key("k1", fill: 1)],
                apps: Self.apps
            )
        }.run(check)
    }

    @Test(arguments: Self.checks)
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

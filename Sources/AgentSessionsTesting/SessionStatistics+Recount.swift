public import AgentSessions

extension SessionStatistics {
    /// The statistics of some apps' sessions counted afresh, session by session, through the
    /// store's own reads (every session listed, every item read): what a store that keeps its
    /// statistics as sessions change must report, after any sequence of writes and crashes.
    /// - Parameters:
    ///   - apps: The apps to count.
    ///   - store: The store to read.
    /// - Returns: The statistics of those apps' sessions together.
    /// - Throws: What the store's reads throw.
    public static func recount(apps: [String], in store: any SessionStore) async throws -> SessionStatistics {
        var tallies: [Tally] = []
        for app in apps {
            for session in try await store.listAll(SessionQuery(app: app)) {
                let items = try await store.items(of: session.key, .all)
                tallies.append(
                    Tally(
                        session: session,
                        itemCount: items.count,
                        itemBytes: items.reduce(0) { $0 + $1.content.byteCount },
                        tokens: items.reduce(0) { $0 + $1.tokenCount }
                    )
                )
            }
        }
        return SessionStatistics(tallying: tallies)
    }
}

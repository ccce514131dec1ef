import AgentSessions
import Testing

@Suite("Statistics totals")
struct SessionStatisticsTotalsTests {
    /// Sessions of every kind the totals count: finalized with an outcome and a duration,
    /// resumed, errored, with items and tokens, under two agents.
    private static func tallies() throws -> [SessionStatistics.Tally] {
        try (0..<12).map { index in try tally(index) }
    }

    private static func tally(_ index: Int) throws -> SessionStatistics.Tally {
        let created = Timestamp(microsecondsSinceEpoch: 1_000_000)
        let finalized = index % 3 == 0
        return SessionStatistics.Tally(
            session: Session(
                id: try SessionID("s\(index)"),
                agentName: index % 2 == 0 ? "support" : "",
                phase: finalized ? .completed : .planning,
                createdAt: created,
                updatedAt: created,
                finalizedAt: finalized ? Timestamp(microsecondsSinceEpoch: 1_000_000 + Int64(index) * 1_234_567) : nil,
                outcome: finalized ? .completed : nil,
                errorCount: index % 4 == 0 ? 1 : 0,
                resumeCount: index % 5 == 0 ? 2 : 0
            ),
            itemCount: index,
            itemBytes: index * 100,
            tokens: Int64(index * 25)
        )
    }

    @Test func sessionsTakenAwayLeaveWhatTheOthersAdd() throws {
        let tallies = try Self.tallies()
        var totals = SessionStatistics.Totals()
        for tally in tallies { totals.add(tally) }
        for tally in tallies.prefix(5) { totals.add(tally, times: -1) }
        #expect(totals.statistics == SessionStatistics(tallying: tallies.dropFirst(5)))
        #expect(totals.statistics.countsByOutcome == [.completed: 2], "s6 and s9 are finalized")
    }

    @Test func everySessionTakenAwayLeavesEmptyStatistics() throws {
        let tallies = try Self.tallies()
        var totals = SessionStatistics.Totals()
        for tally in tallies { totals.add(tally) }
        #expect(totals.statistics.sessionCount == 12)
        for tally in tallies.reversed() { totals.add(tally, times: -1) }
        #expect(totals.statistics == SessionStatistics(tallying: []))
        #expect(totals.statistics.medianDuration == nil)
    }

    @Test func totalsOfTwoAppsAddUp() throws {
        let tallies = try Self.tallies()
        var first = SessionStatistics.Totals()
        var second = SessionStatistics.Totals()
        for (index, tally) in tallies.enumerated() {
            if index < 7 { first.add(tally) } else { second.add(tally) }
        }
        first.add(second)
        #expect(first.statistics == SessionStatistics(tallying: tallies))
        // Sessions 0, 2, …, 10 are the agent's: (0 + 2 + 4 + 6 + 8 + 10) × 25 tokens.
        #expect(first.statistics.tokensByAgent == ["support": 750, "": 900])
    }
}

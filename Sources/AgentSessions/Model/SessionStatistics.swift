/// Seed 002's operational metrics over the sessions of one app or of all apps.
public struct SessionStatistics: Hashable, Sendable {
    /// How many sessions exist.
    public var sessionCount: Int
    /// How many are not finalized.
    public var activeCount: Int
    /// Sessions by current phase.
    public var countsByPhase: [Phase: Int]
    /// Finalized sessions by outcome.
    public var countsByOutcome: [Phase: Int]
    /// Sessions resumed at least once.
    public var resumedCount: Int
    /// Sessions with at least one recorded error.
    public var erroredCount: Int
    /// Median duration of finalized sessions.
    public var medianDuration: Duration?
    /// 95th percentile duration of finalized sessions (nearest rank).
    public var p95Duration: Duration?
    /// Items stored.
    public var itemCount: Int
    /// Bytes of item JSON stored.
    public var itemBytes: Int
    /// Tokens of the items stored: each item's count as its caller gave it, otherwise its
    /// estimate (``SessionItem/tokenCount``).
    public var tokenCount: Int64
    /// ``tokenCount`` by the agent of the items' sessions; sessions without an agent count
    /// under `""`. Agents whose sessions hold no items are left out.
    public var tokensByAgent: [String: Int64]

    /// Share of sessions resumed at least once, 0 when there are none.
    public var resumeRate: Double { sessionCount == 0 ? 0 : Double(resumedCount) / Double(sessionCount) }
    /// Share of sessions with errors, 0 when there are none.
    public var errorRate: Double { sessionCount == 0 ? 0 : Double(erroredCount) / Double(sessionCount) }

    /// Computes the statistics from per-store aggregates.
    /// - Parameters:
    ///   - countsByPhase: Sessions by current phase.
    ///   - countsByOutcome: Finalized sessions by outcome.
    ///   - activeCount: Sessions not finalized.
    ///   - resumedCount: Sessions resumed at least once.
    ///   - erroredCount: Sessions with errors.
    ///   - durations: Durations of finalized sessions, in any order.
    ///   - itemCount: Items stored.
    ///   - itemBytes: Bytes of item JSON stored.
    ///   - tokensByAgent: Tokens of the items stored, by their session's agent.
    public init(
        countsByPhase: [Phase: Int],
        countsByOutcome: [Phase: Int],
        activeCount: Int,
        resumedCount: Int,
        erroredCount: Int,
        durations: [Duration],
        itemCount: Int,
        itemBytes: Int,
        tokensByAgent: [String: Int64] = [:]
    ) {
        self.sessionCount = countsByPhase.values.reduce(0, +)
        self.activeCount = activeCount
        self.countsByPhase = countsByPhase
        self.countsByOutcome = countsByOutcome
        self.resumedCount = resumedCount
        self.erroredCount = erroredCount
        let sorted = durations.sorted()
        self.medianDuration = Self.percentile(sorted, 0.5)
        self.p95Duration = Self.percentile(sorted, 0.95)
        self.itemCount = itemCount
        self.itemBytes = itemBytes
        self.tokensByAgent = tokensByAgent.filter { $0.value > 0 }
        self.tokenCount = tokensByAgent.values.reduce(0, +)
    }

    /// Nearest-rank percentile of sorted values.
    private static func percentile(_ sorted: [Duration], _ fraction: Double) -> Duration? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

extension SessionStatistics {
    /// One session's share of the statistics.
    package struct Tally: Sendable {
        package var session: Session
        package var itemCount: Int
        package var itemBytes: Int
        package var tokens: Int64

        package init(session: Session, itemCount: Int, itemBytes: Int, tokens: Int64) {
            self.session = session
            self.itemCount = itemCount
            self.itemBytes = itemBytes
            self.tokens = tokens
        }
    }

    /// Computes the statistics session by session, for stores without a query language to
    /// aggregate with.
    package init(tallying tallies: some Sequence<Tally>) {
        var byPhase: [Phase: Int] = [:]
        var byOutcome: [Phase: Int] = [:]
        var durations: [Duration] = []
        var active = 0
        var resumed = 0
        var errored = 0
        var itemCount = 0
        var itemBytes = 0
        var tokensByAgent: [String: Int64] = [:]
        for tally in tallies {
            let session = tally.session
            byPhase[session.phase, default: 0] += 1
            if let outcome = session.outcome { byOutcome[outcome, default: 0] += 1 }
            if let duration = session.duration { durations.append(duration) }
            if !session.isFinalized { active += 1 }
            if session.resumeCount > 0 { resumed += 1 }
            if session.errorCount > 0 { errored += 1 }
            itemCount += tally.itemCount
            itemBytes += tally.itemBytes
            tokensByAgent[session.agentName, default: 0] += tally.tokens
        }
        self.init(
            countsByPhase: byPhase,
            countsByOutcome: byOutcome,
            activeCount: active,
            resumedCount: resumed,
            erroredCount: errored,
            durations: durations,
            itemCount: itemCount,
            itemBytes: itemBytes,
            tokensByAgent: tokensByAgent
        )
    }
}

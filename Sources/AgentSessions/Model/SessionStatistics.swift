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
    /// Median duration of finalized sessions (nearest rank), rounded down to three significant
    /// digits of microseconds (``durationBucket(microseconds:)``).
    public var medianDuration: Duration?
    /// 95th percentile duration of finalized sessions (nearest rank), rounded down as
    /// ``medianDuration`` is.
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

    /// Computes the statistics from per-store aggregates, with the durations of finalized
    /// sessions as a list in any order; otherwise as
    /// ``init(countsByPhase:countsByOutcome:activeCount:resumedCount:erroredCount:durationHistogram:itemCount:itemBytes:tokensByAgent:)``.
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
        var histogram: [Int64: Int] = [:]
        for duration in durations {
            histogram[Self.durationBucket(microseconds: duration.microseconds), default: 0] += 1
        }
        self.init(
            countsByPhase: countsByPhase,
            countsByOutcome: countsByOutcome,
            activeCount: activeCount,
            resumedCount: resumedCount,
            erroredCount: erroredCount,
            durationHistogram: histogram,
            itemCount: itemCount,
            itemBytes: itemBytes,
            tokensByAgent: tokensByAgent
        )
    }

    /// Computes the statistics from per-store aggregates kept as they change, with the
    /// durations as a histogram.
    /// - Parameters:
    ///   - countsByPhase: Sessions by current phase; phases without sessions may be given as 0.
    ///   - countsByOutcome: Finalized sessions by outcome; 0 counts are left out.
    ///   - activeCount: Sessions not finalized.
    ///   - resumedCount: Sessions resumed at least once.
    ///   - erroredCount: Sessions with errors.
    ///   - durationHistogram: How many finalized sessions lasted each duration, in microseconds
    ///     rounded down by ``durationBucket(microseconds:)``.
    ///   - itemCount: Items stored.
    ///   - itemBytes: Bytes of item JSON stored.
    ///   - tokensByAgent: Tokens of the items stored, by their session's agent.
    public init(
        countsByPhase: [Phase: Int],
        countsByOutcome: [Phase: Int],
        activeCount: Int,
        resumedCount: Int,
        erroredCount: Int,
        durationHistogram: [Int64: Int],
        itemCount: Int,
        itemBytes: Int,
        tokensByAgent: [String: Int64] = [:]
    ) {
        self.countsByPhase = countsByPhase.filter { $0.value != 0 }
        self.countsByOutcome = countsByOutcome.filter { $0.value != 0 }
        self.sessionCount = self.countsByPhase.values.reduce(0, +)
        self.activeCount = activeCount
        self.resumedCount = resumedCount
        self.erroredCount = erroredCount
        let sorted = durationHistogram.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let total = sorted.reduce(0) { $0 + $1.value }
        self.medianDuration = Self.percentile(sorted, total: total, 0.5)
        self.p95Duration = Self.percentile(sorted, total: total, 0.95)
        self.itemCount = itemCount
        self.itemBytes = itemBytes
        self.tokensByAgent = tokensByAgent.filter { $0.value > 0 }
        self.tokenCount = self.tokensByAgent.values.reduce(0, +)
    }

    /// A duration rounded down to three significant digits of microseconds (0 for negative
    /// ones): the bucket of the duration histogram that statistics keep, so that their
    /// median and 95th percentile cost as much at a million sessions as at ten. Between 0 and
    /// 999 µs a duration is its own bucket; above, the rounding takes off less than 1%
    /// (1,234,567 µs counts as 1,230,000 µs).
    public static func durationBucket(microseconds: Int64) -> Int64 {
        guard microseconds > 0 else { return 0 }
        var scale: Int64 = 1
        while microseconds / scale >= 1000 { scale *= 10 }
        return microseconds / scale * scale
    }

    /// Nearest-rank percentile of a histogram sorted by bucket.
    private static func percentile(_ sorted: [(key: Int64, value: Int)], total: Int, _ fraction: Double) -> Duration? {
        guard total > 0 else { return nil }
        let rank = min(max(Int((fraction * Double(total)).rounded(.up)), 1), total)
        var seen = 0
        for (bucket, count) in sorted {
            seen += count
            if seen >= rank { return .microseconds(bucket) }
        }
        return sorted.last.map { .microseconds($0.key) }
    }
}

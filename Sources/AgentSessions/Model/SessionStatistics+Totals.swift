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

    /// Computes the statistics session by session, for stores that count afresh on each call.
    package init(tallying tallies: some Sequence<Tally>) {
        var totals = Totals()
        for tally in tallies { totals.add(tally) }
        self = totals.statistics
    }

    /// The figures statistics are computed from, kept as sessions change: sessions can be
    /// added and taken away one by one (``add(_:times:)``: the in-memory store keeps one per
    /// app), or read from the rows a SQL store keeps (``add(kind:name:sessions:active:resumed:errored:items:bytes:tokens:)``).
    /// Its size grows with the phases, outcomes, duration buckets and agents seen, never with the
    /// number of sessions.
    package struct Totals: Sendable {
        private var byPhase: [Phase: Int] = [:]
        private var byOutcome: [Phase: Int] = [:]
        private var durations: [Int64: Int] = [:]
        private var tokensByAgent: [String: Int64] = [:]
        private var active = 0
        private var resumed = 0
        private var errored = 0
        private var itemCount = 0
        private var itemBytes = 0

        package init() {}

        /// Adds one session's share (`sign` 1), or takes it away (`sign` -1) as it was added.
        package mutating func add(_ tally: Tally, times sign: Int = 1) {
            let session = tally.session
            Self.count(&byPhase, session.phase, by: sign)
            if let outcome = session.outcome { Self.count(&byOutcome, outcome, by: sign) }
            if let duration = session.duration {
                Self.count(&durations, SessionStatistics.durationBucket(microseconds: duration.microseconds), by: sign)
            }
            if !session.isFinalized { active += sign }
            if session.resumeCount > 0 { resumed += sign }
            if session.errorCount > 0 { errored += sign }
            itemCount += sign * tally.itemCount
            itemBytes += sign * tally.itemBytes
            if tally.tokens != 0 { Self.count(&tokensByAgent, session.agentName, by: Int64(sign) * tally.tokens) }
        }

        /// Replaces one session's share with its share after a change. When nothing but its
        /// items changed (an append, a pop), only the item figures move.
        package mutating func replace(_ old: Tally, with new: Tally) {
            guard Self.countsAlike(old.session, new.session) else {
                add(old, times: -1)
                add(new)
                return
            }
            itemCount += new.itemCount - old.itemCount
            itemBytes += new.itemBytes - old.itemBytes
            let tokens = new.tokens - old.tokens
            if tokens != 0 { Self.count(&tokensByAgent, new.session.agentName, by: tokens) }
        }

        /// Whether two versions of a session count alike in everything but their items.
        private static func countsAlike(_ old: Session, _ new: Session) -> Bool {
            old.phase == new.phase && old.outcome == new.outcome && old.finalizedAt == new.finalizedAt
                && old.createdAt == new.createdAt && (old.resumeCount > 0) == (new.resumeCount > 0)
                && (old.errorCount > 0) == (new.errorCount > 0) && old.agentName == new.agentName
        }

        /// Adds the figures of other totals (another app's).
        package mutating func add(_ other: Totals) {
            byPhase.merge(other.byPhase, uniquingKeysWith: +)
            byOutcome.merge(other.byOutcome, uniquingKeysWith: +)
            durations.merge(other.durations, uniquingKeysWith: +)
            tokensByAgent.merge(other.tokensByAgent, uniquingKeysWith: +)
            active += other.active
            resumed += other.resumed
            errored += other.errored
            itemCount += other.itemCount
            itemBytes += other.itemBytes
        }

        /// Adds one row of a SQL store's `statistics` table (kinds `phase`, `outcome`,
        /// `duration`, `agent`; see their schema steps); rows of other kinds add nothing.
        package mutating func add(
            kind: String,
            name: String,
            sessions: Int64,
            active: Int64,
            resumed: Int64,
            errored: Int64,
            items: Int64,
            bytes: Int64,
            tokens: Int64
        ) {
            switch kind {
            case "phase":
                byPhase[Phase(name), default: 0] += Int(sessions)
                self.active += Int(active)
                self.resumed += Int(resumed)
                self.errored += Int(errored)
            case "outcome": byOutcome[Phase(name), default: 0] += Int(sessions)
            case "duration": durations[Int64(name) ?? 0, default: 0] += Int(sessions)
            case "agent":
                itemCount += Int(items)
                itemBytes += Int(bytes)
                tokensByAgent[name, default: 0] += tokens
            default: break
            }
        }

        /// The statistics of what was added.
        package var statistics: SessionStatistics {
            SessionStatistics(
                countsByPhase: byPhase,
                countsByOutcome: byOutcome,
                activeCount: active,
                resumedCount: resumed,
                erroredCount: errored,
                durationHistogram: durations,
                itemCount: itemCount,
                itemBytes: itemBytes,
                tokensByAgent: tokensByAgent
            )
        }

        /// Changes one count, dropping it when it reaches 0 so that nothing grows with the
        /// sessions that came and went.
        private static func count<Key: Hashable, Value: BinaryInteger>(
            _ counts: inout [Key: Value],
            _ key: Key,
            by change: Value
        ) {
            let value = counts[key, default: 0] + change
            counts[key] = value == 0 ? nil : value
        }
    }
}

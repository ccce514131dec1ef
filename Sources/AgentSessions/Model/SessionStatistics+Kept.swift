extension SessionStatistics {
    /// Statistics summed from the rows a store keeps as sessions and items change, one row per
    /// kind and name: the SQL stores' `statistics` tables (kinds `phase`, `outcome`,
    /// `duration`, `agent`; see their schema steps).
    package struct KeptRows: Sendable {
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

        /// Adds one row's figures.
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
            default:
                itemCount += Int(items)
                itemBytes += Int(bytes)
                tokensByAgent[name, default: 0] += tokens
            }
        }

        /// The statistics of the rows added.
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
    }
}

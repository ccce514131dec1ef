extension SessionStatistics {
    /// Reads statistics from their JSON, the shape ``jsonValue`` writes (and the HTTP API
    /// returns). Rates are computed from the counts, not read.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(json text: String) throws(SessionStoreError) {
        let texts = try JSONParser.uniqueMemberTexts(of: text, what: "statistics")
        let fields = try JSONFields(
            texts,
            allowed: [
                "session_count", "active_count", "counts_by_phase", "counts_by_outcome", "resumed_count",
                "errored_count", "resume_rate", "error_rate", "median_duration_seconds", "p95_duration_seconds",
                "item_count", "item_bytes", "token_count", "tokens_by_agent",
            ],
            kind: "statistics"
        )
        func counts(_ key: String) throws(SessionStoreError) -> [Phase: Int] {
            let object = try fields.optional(key, "an object of counts", \.objectValue) ?? [:]
            var counts: [Phase: Int] = [:]
            for (phase, value) in object {
                guard let count = value.intValue.flatMap({ Int(exactly: $0) }), count >= 0 else {
                    throw .invalid(key, "'\(key)' must hold counts (whole numbers from 0)")
                }
                counts[Phase(phase)] = count
            }
            return counts
        }
        var tokensByAgent: [String: Int64] = [:]
        for (agent, value) in try fields.optional("tokens_by_agent", "an object of token counts", \.objectValue) ?? [:]
        {
            guard let tokens = value.intValue, tokens >= 0 else {
                throw .invalid("tokens_by_agent", "'tokens_by_agent' must hold token counts (whole numbers from 0)")
            }
            tokensByAgent[agent] = tokens
        }
        func duration(_ key: String) throws(SessionStoreError) -> Duration? {
            // Stores measure in microseconds: rounding to them gives back the exact duration.
            try fields.optional(key, "a number of seconds from 0", { $0.numberValue.flatMap(Self.microseconds) })
                .map { Duration.microseconds($0) }
        }
        self.init(
            sessionCount: try fields.count("session_count"),
            activeCount: try fields.count("active_count"),
            countsByPhase: try counts("counts_by_phase"),
            countsByOutcome: try counts("counts_by_outcome"),
            resumedCount: try fields.count("resumed_count"),
            erroredCount: try fields.count("errored_count"),
            medianDuration: try duration("median_duration_seconds"),
            p95Duration: try duration("p95_duration_seconds"),
            itemCount: try fields.count("item_count"),
            itemBytes: try fields.count("item_bytes"),
            tokensByAgent: tokensByAgent
        )
    }

    /// Whole microseconds in a number of seconds that fits, from 0.
    private static func microseconds(_ seconds: Double) -> Int64? {
        let microseconds = (seconds * 1_000_000).rounded()
        guard microseconds >= 0, microseconds < 9.2e18 else { return nil }
        return Int64(microseconds)
    }

    /// Statistics with every figure given.
    package init(
        sessionCount: Int,
        activeCount: Int,
        countsByPhase: [Phase: Int],
        countsByOutcome: [Phase: Int],
        resumedCount: Int,
        erroredCount: Int,
        medianDuration: Duration?,
        p95Duration: Duration?,
        itemCount: Int,
        itemBytes: Int,
        tokensByAgent: [String: Int64]
    ) {
        self.sessionCount = sessionCount
        self.activeCount = activeCount
        self.countsByPhase = countsByPhase
        self.countsByOutcome = countsByOutcome
        self.resumedCount = resumedCount
        self.erroredCount = erroredCount
        self.medianDuration = medianDuration
        self.p95Duration = p95Duration
        self.itemCount = itemCount
        self.itemBytes = itemBytes
        self.tokensByAgent = tokensByAgent.filter { $0.value > 0 }
        self.tokenCount = tokensByAgent.values.reduce(0, +)
    }
}

extension SessionStatistics {
    /// The statistics as JSON, with rates as fractions (0…1) and durations in seconds.
    public var jsonValue: JSONValue {
        func counts(_ byPhase: [Phase: Int]) -> JSONValue {
            .object(JSONObject(uniqueKeysWithValues: byPhase.map { ($0.key.rawValue, .int(Int64($0.value))) }))
        }
        return [
            "session_count": .int(Int64(sessionCount)),
            "active_count": .int(Int64(activeCount)),
            "counts_by_phase": counts(countsByPhase),
            "counts_by_outcome": counts(countsByOutcome),
            "resumed_count": .int(Int64(resumedCount)),
            "errored_count": .int(Int64(erroredCount)),
            "resume_rate": .double(resumeRate),
            "error_rate": .double(errorRate),
            "median_duration_seconds": medianDuration.map { .double($0.secondsDouble) } ?? .null,
            "p95_duration_seconds": p95Duration.map { .double($0.secondsDouble) } ?? .null,
            "item_count": .int(Int64(itemCount)),
            "item_bytes": .int(Int64(itemBytes)),
            "token_count": .int(tokenCount),
            "tokens_by_agent": .object(
                JSONObject(uniqueKeysWithValues: tokensByAgent.map { ($0.key, .int($0.value)) })
            ),
        ]
    }
}

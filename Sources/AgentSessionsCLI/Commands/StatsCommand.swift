import AgentSessions
import ArgumentParser

/// `agent-sessions stats`: prints seed 002's metrics.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print session counts, resume and error rates, durations, item and token totals.",
        discussion: """
            Counts the sessions of --app (or of every app with --all-apps): by phase and by \
            outcome, the share resumed at least once and the share with errors, the median and \
            95th percentile duration of finalized sessions, the items and bytes stored, and their \
            tokens (callers' counts, otherwise estimates) in all and by agent.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Count the sessions of every app, not only --app.")
    var allApps = false

    mutating func run() async throws {
        try await options.run {
            let statistics = try await options.store.openStore().statistics(app: allApps ? nil : options.store.app)
            options.emit(statistics.jsonValue) { Self.text(statistics) }
        }
    }

    /// The statistics as label-value lines.
    private static func text(_ statistics: SessionStatistics) -> String {
        func counts(_ byPhase: [Phase: Int]) -> String {
            byPhase.isEmpty
                ? "-" : byPhase.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        func percent(_ rate: Double) -> String {
            let tenths = Int((rate * 1000).rounded())
            return "\(tenths / 10).\(tenths % 10)%"
        }
        return TextTable.fields([
            ("sessions", "\(statistics.sessionCount) (\(statistics.activeCount) active)"),
            ("by phase", counts(statistics.countsByPhase)),
            ("by outcome", counts(statistics.countsByOutcome)),
            ("resume rate", percent(statistics.resumeRate)),
            ("error rate", percent(statistics.errorRate)),
            ("median duration", statistics.medianDuration.map(\.shortText) ?? "-"),
            ("p95 duration", statistics.p95Duration.map(\.shortText) ?? "-"),
            ("items", "\(statistics.itemCount) (\(statistics.itemBytes) bytes)"),
            ("tokens", "\(statistics.tokenCount)"),
            (
                "tokens by agent",
                statistics.tokensByAgent.isEmpty
                    ? "-"
                    : statistics.tokensByAgent.sorted { $0.key < $1.key }
                        .map { "\($0.key.isEmpty ? "(none)" : $0.key) \($0.value)" }.joined(separator: ", ")
            ),
        ])
    }
}

import Foundation

/// Everything one benchmark run found: the machine, the settings, and one row per figure.
///
/// ```swift
/// let report = Report(machine: .current(), workload: workload, stores: [(name, durability)], limit: outcome, rows: rows)
/// print(report.table())
/// ```
struct Report: Sendable {
    /// A store that ran, and its durability.
    struct StoreSetting: Sendable {
        var name: String
        var durability: String
    }

    /// The fraction of the limit every step should reach (issue 2).
    static let target = 0.5
    /// The fraction of the store's own reference figure a figure compared with it should
    /// reach, by reference: I1's figures 80% of W3's (issue 17), `W4 context` 50% of W4's
    /// (issue 19).
    static let referenceTargets: [String: Double] = ["W3": 0.8, "W4": 0.5]

    var machine: MachineInfo
    /// The sources measured: ``SourceRevision/current(sourceFile:)``.
    var revision: String
    var workload: Workload
    var stores: [StoreSetting]
    /// The limit's figures, if it ran.
    var limit: LimitResult?
    /// Why the limit did not run, if it did not.
    var limitNote: String?
    var rows: [ReportRow]
    /// Notes of particular steps, printed after the others: how the served steps (H1×1, H1×3)
    /// ran, the client's share of wrk's rate.
    var extraNotes: [String] = []
    /// Rounds of the limit and the stores run alternately (each round one run of every step),
    /// or 0 when the limit did not run in rounds.
    var pairedRounds = 0

    /// The rows as a JSON list of ``ReportRow/jsonObject``: `{"step","store","value","unit","limit","fraction",…}`.
    func json() -> String {
        "[\n" + rows.map { "  " + $0.jsonObject }.joined(separator: ",\n") + "\n]"
    }

    /// The header lines: date, machine, SQLite, durability, sizes.
    func header() -> String {
        var lines = [
            "agent-sessions-bench: the session workload (BENCH-WORKLOAD.md v1), in-process through SessionStore",
            "date:       \(machine.date)",
            "machine:    \(machine.summary)",
            "sources:    \(revision)",
            "sqlite:     \(machine.sqliteVersion) in this process"
                + (limit.map { "; the limit ran with \($0.sqliteVersion)" } ?? ""),
        ]
        for store in stores { lines.append("durability: \(store.name): \(store.durability)") }
        if let limit { lines.append("durability: limit: \(limit.durability) (\(limit.label))") }
        lines.append(
            "runs:       median of \(workload.runs); scale \(workload.scale)"
                + (workload.scale == 1 ? "" : " (counts scaled as the limit scales them; fixtures keep their size)")
        )
        if pairedRounds > 0 {
            lines.append(
                "pairs:      the limit, then each store, one run of every W step per round, \(pairedRounds) rounds;"
                    + " fraction = the median of the rounds' fractions (lowest–highest)"
            )
        }
        if let limitNote { lines.append("limit:      \(limitNote)") }
        return lines.joined(separator: "\n")
    }

    /// The table, then notes: how to read it, append latency, steps under the target.
    func table() -> String {
        let titles = ["step", "store", "value", "unit", "limit", "fraction"]
        let cells = rows.map { row in
            [
                row.step, row.store, Self.format(row.value, unit: row.unit), row.unit,
                row.limit.map { Self.format($0, unit: row.unit) + (row.reference.map { " (\($0))" } ?? "") } ?? "-",
                row.fraction.map { fraction in
                    Self.percent(fraction)
                        + (row.fractionRange.map { " (\(Self.percent($0.lowerBound))–\(Self.percent($0.upperBound)))" }
                            ?? "")
                        + (fraction < row.target ? " <\(Self.percent(row.target))" : "")
                } ?? "-",
            ]
        }
        let widths = titles.indices.map { column in
            ([titles] + cells).map { $0[column].count }.max() ?? 0
        }
        let rightAligned: Set<Int> = [2, 4, 5]
        func line(_ fields: [String]) -> String {
            fields.enumerated().map { column, field in
                let padding = String(repeating: " ", count: widths[column] - field.count)
                return rightAligned.contains(column) ? padding + field : field + padding
            }.joined(separator: "  ")
        }
        var lines = [line(titles), line(widths.map { String(repeating: "-", count: $0) })]
        lines += cells.map(line)
        lines.append("")
        lines += notes()
        return lines.joined(separator: "\n")
    }

    private func notes() -> [String] {
        var lines = [
            "fraction: ours / limit for rates; limit / ours for W7 (seconds) and W2 disk (bytes), so 100% = as good as the limit.",
            "W2 disk: our db + -wal + -shm files after the store was closed, per W2 item; the limit's: its db file after"
                + " its last connection closed (WAL checkpointed and removed).",
        ]
        for store in stores {
            let p50 = rows.first { $0.store == store.name && $0.step == "W2 p50" }
            let p99 = rows.first { $0.store == store.name && $0.step == "W2 p99" }
            if let p50, let p99 {
                let verdict = p99.value < 1 ? "meets" : "misses"
                lines.append(
                    "single append (W2 calls), \(store.name): p50 \(Self.format(p50.value, unit: "ms")) ms,"
                        + " p99 \(Self.format(p99.value, unit: "ms")) ms: \(verdict) the p99 < 1 ms target."
                )
            }
        }
        for store in stores {
            for (step, target) in [("H1", 20_000.0), ("H2", 40_000.0)] {
                guard let rate = rows.first(where: { $0.store == store.name && $0.step == step }),
                    let p99 = rows.first(where: { $0.store == store.name && $0.step == step + " p99" })
                else { continue }
                let verdict = rate.value >= target && (step != "H1" || p99.value < 10) ? "meets" : "misses"
                lines.append(
                    "HTTP \(step), \(store.name): \(Self.format(rate.value, unit: rate.unit)) requests/s,"
                        + " p99 \(Self.format(p99.value, unit: "ms")) ms: \(verdict) the target of"
                        + " \(Self.grouped(Int(target)))/s" + (step == "H1" ? " with p99 < 10 ms." : ".")
                )
            }
        }
        lines += extraNotes
        let referenced = rows.filter { $0.reference != nil && $0.fraction != nil }
        if referenced.contains(where: { $0.reference == Step.w3.rawValue }) {
            lines.append(
                "I1: W3's items imported (SessionImporter over export lines in memory) and restored (restore(_:to:))"
                    + " into a fresh store; the limit column holds the same store's W3 (named in brackets), and the"
                    + " fraction is ours / that W3, run by run (round by round)."
            )
        }
        if referenced.contains(where: { $0.reference == Step.w4.rawValue }) {
            lines.append(
                "W4 context: the model's view (a compaction's summary and the last 20 items) of W4's session, as many"
                    + " calls as W4; the fraction is ours / the same store's W4, run by run."
            )
        }
        if !referenced.isEmpty {
            let list = referenced.map {
                "\($0.store) \($0.step) \(Self.percent($0.fraction!)) of \($0.reference!) (target \(Self.percent($0.target)))"
            }
            let verdict = referenced.allSatisfy { $0.fraction! >= $0.target } ? "meet" : "miss"
            lines.append("own references: " + list.joined(separator: ", ") + ": they \(verdict) their targets.")
        }
        let below = rows.filter { $0.reference == nil && ($0.fraction ?? 1) < Self.target }
        if limit == nil {
            lines.append("no limit figures: fractions of the limit not computed.")
        } else if below.isEmpty {
            lines.append("every step is at 50% of the limit or more.")
        } else {
            let list = below.map { "\($0.store) \($0.step) (\(Self.percent($0.fraction!)))" }
            lines.append("below 50% of the limit: " + list.joined(separator: ", ") + ".")
        }
        return lines
    }

    /// A figure for people: rates as grouped integers, times and sizes with a few decimals.
    static func format(_ value: Double, unit: String) -> String {
        guard value.isFinite else { return "n/a" }
        if unit.hasSuffix("/s") && value >= 100 { return grouped(Int(value.rounded())) }
        if unit.hasPrefix("ms") { return String(format: "%.3f", value) }
        if unit.hasPrefix("s") { return String(format: "%.4f", value) }
        return String(format: "%.1f", value)
    }

    private static func percent(_ fraction: Double) -> String {
        String(format: fraction < 0.1 ? "%.1f%%" : "%.0f%%", fraction * 100)
    }

    private static func grouped(_ value: Int) -> String {
        var digits = String(value)
        var result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits.removeLast(3)
        }
        return digits + result
    }
}

import AgentSessions
import AgentSessionsExport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows how an export or an import is going: on a terminal, a progress bar with the counts
/// and the rate, redrawn at most ten times a second on standard error; then, on a terminal or
/// not, one summary line.
final class ProgressReporter {
    /// Whether standard error is a terminal, so that the bar is drawn.
    let isTerminal: Bool
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?

    /// Starts the clock.
    /// - Parameter isTerminal: Whether to draw the bar. Defaults to whether standard error is a terminal.
    init(isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.isTerminal = isTerminal
    }

    /// The time since the reporter was made.
    var elapsed: Duration { ContinuousClock.now - started }

    /// Redraws the bar, unless it was drawn less than 0.1 s ago or standard error is not a terminal.
    /// - Parameters:
    ///   - counts: The counts so far.
    ///   - fraction: How much of the work is done (0…1), when it is known.
    func update(_ counts: TransferCounts, fraction: Double?) {
        guard isTerminal else { return }
        let now = ContinuousClock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        draw("\r\u{1B}[2K" + Self.bar(counts, fraction: fraction, elapsed: now - started))
    }

    /// Clears the bar and writes the summary line, if any, on standard error.
    func finish(_ summary: String?) {
        draw((isTerminal ? "\r\u{1B}[2K" : "") + (summary.map { $0 + "\n" } ?? ""))
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The bar's text: `[#######-------------]  35%  12 sessions  4,210 items  8,420 items/s`;
    /// without a fraction, the counts and the rate alone.
    static func bar(_ counts: TransferCounts, fraction: Double?, elapsed: Duration) -> String {
        let width = 24
        var parts: [String] = []
        if let fraction {
            let done = min(max(fraction, 0), 1)
            let filled = Int((done * Double(width)).rounded(.down))
            parts.append(
                "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            )
            parts.append("\(Int((done * 100).rounded(.down)))%")
        }
        parts.append(counted(counts.sessions, "session"))
        parts.append(counted(counts.items, "item"))
        let seconds = elapsed.secondsDouble
        let rate = seconds > 0 ? Int((Double(counts.items + counts.skippedItems) / seconds).rounded()) : 0
        parts.append("\(grouped(rate)) items/s")
        if counts.errors > 0 { parts.append(counted(counts.errors, "error")) }
        return parts.joined(separator: "  ")
    }

    /// `1 session`, `48,210 items`.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The number with a comma between groups of three digits: `48,210`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var text = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return number < 0 ? "-" + text : text
    }
}

/// What `wrk --latency` reported for one run.
struct WrkResult: Sendable, Equatable {
    /// Responses completed.
    var requests: Int
    /// Responses completed per second.
    var requestsPerSecond: Double
    /// The 50th percentile latency, in milliseconds.
    var p50Milliseconds: Double
    /// The 99th percentile latency, in milliseconds.
    var p99Milliseconds: Double
    /// Responses with a status outside 2xx and 3xx.
    var failedResponses: Int
    /// Socket errors (connect, read, write, timeout), all kinds together.
    var socketErrors: Int

    /// Reads `wrk --latency` output.
    /// - Throws: ``BenchmarkFailure`` when a figure is missing.
    init(parsing output: String) throws {
        var requests: Int?
        var rate: Double?
        var p50: Double?
        var p99: Double?
        var failed = 0
        var errors = 0
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first else { continue }
            switch first {
            case "Requests/sec:": rate = words.count > 1 ? Double(words[1]) : nil
            case "50%": p50 = words.count > 1 ? Self.milliseconds(words[1]) : nil
            case "99%": p99 = words.count > 1 ? Self.milliseconds(words[1]) : nil
            case "Non-2xx": failed = words.last.flatMap { Int($0) } ?? 0
            case "Socket":
                // "Socket errors: connect 0, read 0, write 0, timeout 0"
                errors = words.compactMap { Int($0.trimmingCharacters(in: [","])) }.reduce(0, +)
            default:
                if words.count > 2, words[1] == "requests", words[2] == "in" { requests = Int(first) }
            }
        }
        guard let requests, let rate, let p50, let p99 else {
            throw BenchmarkFailure(
                message: "wrk's output lacks a figure (requests, Requests/sec, 50% or 99%):\n\(output)"
            )
        }
        self.requests = requests
        self.requestsPerSecond = rate
        self.p50Milliseconds = p50
        self.p99Milliseconds = p99
        self.failedResponses = failed
        self.socketErrors = errors
    }

    /// `812.00us`, `1.23ms`, `2.00s` in milliseconds.
    private static func milliseconds(_ text: Substring) -> Double? {
        for (suffix, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: Set<Character>) -> Substring {
        var text = self
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return text
    }
}

/// What `wrk --latency` reported for one run (or ``ClientLoad`` measured, in the same terms).
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

    /// Gives every figure.
    init(
        requests: Int,
        requestsPerSecond: Double,
        p50Milliseconds: Double,
        p99Milliseconds: Double,
        failedResponses: Int,
        socketErrors: Int
    ) {
        self.requests = requests
        self.requestsPerSecond = requestsPerSecond
        self.p50Milliseconds = p50Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.failedResponses = failedResponses
        self.socketErrors = socketErrors
    }

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

    /// The figures of several `wrk` processes that ran at the same time against servers
    /// sharing one store: requests and rates added, failures added, and the worst (highest)
    /// p50 and p99 of them, since their latencies cannot be merged without their histograms.
    /// - Precondition: `results` is not empty.
    init(combining results: [WrkResult]) {
        requests = results.map(\.requests).reduce(0, +)
        requestsPerSecond = results.map(\.requestsPerSecond).reduce(0, +)
        p50Milliseconds = results.map(\.p50Milliseconds).max() ?? .nan
        p99Milliseconds = results.map(\.p99Milliseconds).max() ?? .nan
        failedResponses = results.map(\.failedResponses).reduce(0, +)
        socketErrors = results.map(\.socketErrors).reduce(0, +)
    }

    /// `812.00us`, `1.23ms`, `2.00s` in milliseconds.
    private static func milliseconds(_ text: Substring) -> Double? {
        for (suffix, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }
}

extension [WrkResult] {
    /// The figures of a step's runs: requests per second, p50 and p99 latency, each the
    /// median over the runs.
    /// - Parameters:
    ///   - step: The step's name in the report (`H1`), which the latency rows extend (`H1 p99`).
    ///   - store: The store's name in the report.
    func figures(of step: String, store: String) -> [Measurement] {
        func figure(_ suffix: String, _ value: (WrkResult) -> Double, unit: String, _ direction: Measurement.Direction)
            -> Measurement
        {
            Measurement(
                name: step + suffix,
                store: store,
                runs: map(value),
                unit: unit,
                direction: direction,
                limitKey: nil
            )
        }
        return [
            figure("", \.requestsPerSecond, unit: "requests/s", .higherIsBetter),
            figure(" p50", \.p50Milliseconds, unit: "ms", .lowerIsBetter),
            figure(" p99", \.p99Milliseconds, unit: "ms", .lowerIsBetter),
        ]
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: Set<Character>) -> Substring {
        var text = self
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return text
    }
}

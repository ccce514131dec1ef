import Foundation

/// The HTTP steps of the `sqlite` store (loaded by `wrk`) and of the `http` store (loaded by
/// `HTTPSessionStore`) run in pairs, alternately, so that both halves of a pair see the same
/// machine: the client's share of wrk's rate is the median of the per-pair ratios.
///
/// Run one after the other, the two stores' runs were seconds to minutes apart on a shared
/// virtual machine whose speed moves by 10–20% between runs, and the share moved with it.
/// wrk's appends (H1) carry an `Idempotency-Key` each, as the client's do, so that both ask the
/// server for the same work.
///
/// ```swift
/// let rows = try await PairedHTTPBenchmark(wrk: sqliteRuns, client: httpRuns, runs: 5).run([.h1, .h2])
/// ```
struct PairedHTTPBenchmark {
    /// The steps loaded by `wrk`, its appends with keys (``HTTPBenchmark/idempotencyKeys``).
    let wrk: HTTPBenchmark
    /// The same steps loaded by `HTTPSessionStore`.
    let client: HTTPBenchmark
    /// Pairs per step.
    let runs: Int

    /// Whether `stores` hold both halves of a pair: `sqlite` (wrk's) and `http` (the client's,
    /// whose server runs over SQLite).
    static func pairs(_ stores: [any StoreFactory]) -> (wrk: any StoreFactory, client: any StoreFactory)? {
        guard let wrk = stores.first(where: { $0 is SQLiteStoreFactory }),
            let client = stores.first(where: { $0 is HTTPStoreFactory })
        else { return nil }
        return (wrk, client)
    }

    /// Runs each step's pairs: wrk, then the client, `runs` times.
    /// - Returns: Each store's rate, p50 and p99 (medians, as unpaired runs report them), and
    ///   per step a `share` row: the client's rate as a percentage of wrk's, the median of the
    ///   pairs, its runs being the pairs' ratios.
    /// - Throws: What either run throws.
    func run(_ steps: [HTTPStep]) async throws -> [Measurement] {
        var measurements: [Measurement] = []
        for step in steps {
            var wrkResults: [WrkResult] = []
            var clientResults: [WrkResult] = []
            for pair in 1...runs {
                let byWrk = try await wrk.runOnce(step)
                let byClient = try await client.runOnce(step)
                wrkResults.append(byWrk)
                clientResults.append(byClient)
                let line =
                    "[pairs] \(step.rawValue) \(step.title) pair \(pair)/\(runs): wrk \(Int(byWrk.requestsPerSecond))/s,"
                    + " client \(Int(byClient.requestsPerSecond))/s,"
                    + " share \(Self.percent(byClient.requestsPerSecond / byWrk.requestsPerSecond))\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
            measurements += wrkResults.figures(of: step.rawValue, store: wrk.factory.name)
            measurements += clientResults.figures(of: step.rawValue, store: client.factory.name)
            measurements.append(
                Measurement(
                    name: step.rawValue + " share",
                    store: client.factory.name,
                    runs: zip(clientResults, wrkResults).map { 100 * $0.requestsPerSecond / $1.requestsPerSecond },
                    unit: "% of wrk",
                    direction: .higherIsBetter,
                    limitKey: nil
                )
            )
        }
        return measurements
    }

    /// The report's note on the shares: each step's median, spread and pairs.
    static func reportNote(_ measurements: [Measurement]) -> String? {
        let shares = measurements.filter { $0.unit == "% of wrk" }
        guard !shares.isEmpty else { return nil }
        return shares.map { share in
            let pairs = share.runs.map { String(format: "%.0f%%", $0) }.joined(separator: ", ")
            let spread = (share.runs.max() ?? 0) - (share.runs.min() ?? 0)
            return "\(share.name): HTTPSessionStore's requests/s ÷ wrk's (appends with an Idempotency-Key each on"
                + " both sides), run in alternating pairs: median "
                + String(format: "%.0f%%", share.value) + ", spread \(String(format: "%.0f", spread)) points"
                + " (pairs: \(pairs)); the target is 50% or more."
        }.joined(separator: "\n")
    }

    private static func percent(_ fraction: Double) -> String { String(format: "%.0f%%", fraction * 100) }
}

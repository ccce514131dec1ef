import Foundation

extension HTTPBenchmark.Settings {
    /// Measures each step ``runs`` times, in order, each run in a fresh directory under
    /// `scratchRoot`, noting each run's rate and p99 on standard error.
    /// - Parameters:
    ///   - steps: The steps.
    ///   - store: The store's name in the report.
    ///   - scratchRoot: Where the runs' directories are made (and removed afterwards).
    ///   - measure: One run of a step, given its directory.
    /// - Returns: Each step's rate, p50 and p99 figures, medians over the runs.
    /// - Throws: What `measure` throws; ``BenchmarkFailure`` if a directory cannot be made.
    func figures<Step: LoadStep>(
        of steps: [Step],
        store: String,
        scratchRoot: String,
        _ measure: (Step, _ directory: String) async throws -> WrkResult
    ) async throws -> [Measurement] {
        var measurements: [Measurement] = []
        for step in steps {
            var results: [WrkResult] = []
            for run in 1...runs {
                let result = try await ScratchDirectory.with(in: scratchRoot, prefix: "\(store)-http") { directory in
                    try await measure(step, directory)
                }
                let line =
                    "[\(store)] \(step.rawValue) \(step.title) run \(run)/\(runs): "
                    + "\(Int(result.requestsPerSecond)) requests/s, p99 \(result.p99Milliseconds) ms\n"
                FileHandle.standardError.write(Data(line.utf8))
                results.append(result)
            }
            measurements += results.figures(of: step.rawValue, store: store)
        }
        return measurements
    }
}

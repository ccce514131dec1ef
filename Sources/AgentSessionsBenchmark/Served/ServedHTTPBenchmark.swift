import AgentSessions
import AgentSessionsPostgres
import ChildProcessSupport
import Foundation

/// Runs the served steps: H1's appends through real `agent-sessions serve` processes, one or
/// three, spawned on loopback ports over one fresh PostgreSQL schema, loaded by as many `wrk`
/// processes at once (one per server, the connections split among them).
///
/// Each run seeds H1's 1,000 sessions through the store, starts the servers and waits for
/// their `/healthz`, runs `wrk`, stops the servers, and checks that the database holds exactly
/// the appends the answers acknowledged. The rate is the sum of the `wrk` processes' rates;
/// p50 and p99 are the worst of them.
///
/// ```swift
/// let figures = try await ServedHTTPBenchmark(factory: postgres, binary: ".build-bench/release/agent-sessions",
///                                             settings: .init(), scratchRoot: "/tmp").run([.h1x1, .h1x3])
/// ```
struct ServedHTTPBenchmark {
    /// The PostgreSQL server, and a fresh schema on it for each run.
    let factory: PostgresStoreFactory
    /// The `agent-sessions` executable.
    let binary: String
    /// Runs, connections in all, `wrk` threads of a lone `wrk` process, seconds.
    let settings: HTTPBenchmark.Settings
    /// Where each run's directory (script, logs) is made.
    let scratchRoot: String

    /// The executable next to the running benchmark, where `swift build --product
    /// agent-sessions` with the same build folder puts it; `nil` when it is not there.
    static func siblingBinary() -> String? {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let path = own.deletingLastPathComponent().appendingPathComponent("agent-sessions").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs the steps in order.
    /// - Returns: Each step's rate, p50 and p99 latency.
    /// - Throws: ``BenchmarkFailure`` when `wrk` is missing, a server fails, an answer failed,
    ///   or the database does not hold what was acknowledged.
    func run(_ steps: [ServedStep]) async throws -> [Measurement] {
        let wrk = try Wrk.find()
        return try await settings.figures(of: steps, store: factory.name, scratchRoot: scratchRoot) { step, directory in
            try await measure(step, wrk: wrk, directory: directory)
        }
    }

    /// How the connections are split among `count` `wrk` processes: as evenly as they go, the
    /// first ones taking the rest (32 over 3: 11, 11, 10).
    static func connectionShares(_ connections: Int, among count: Int) -> [Int] {
        (0..<count).map { connections / count + ($0 < connections % count ? 1 : 0) }
    }

    /// The report's note on the served steps: what ran, how the load was split, and how the
    /// figures of several `wrk` processes were put together.
    static func reportNote(_ steps: [ServedStep], _ settings: HTTPBenchmark.Settings) -> String {
        let described = steps.map { step in
            let shares = connectionShares(settings.connections, among: step.serverCount)
            let threads = wrkThreads(step, settings)
            return "\(step.rawValue): \(step.serverCount) server\(step.serverCount == 1 ? "" : "s"), "
                + "\(shares.count) wrk of \(threads) thread\(threads == 1 ? "" : "s") "
                + "(\(shares.map(String.init).joined(separator: "+")) connections)"
        }
        return "served steps: H1's appends through spawned agent-sessions serve processes on one PostgreSQL schema; "
            + described.joined(separator: "; ") + ". requests/s: the wrk processes' rates added; "
            + "p50 and p99: the worst (highest) of the wrk processes' figures."
    }

    /// `wrk` threads per process: the setting for a lone process, one each for several.
    private static func wrkThreads(_ step: ServedStep, _ settings: HTTPBenchmark.Settings) -> Int {
        step.serverCount == 1 ? settings.threads : 1
    }

    /// One run of a step in a fresh schema.
    private func measure(_ step: ServedStep, wrk: Wrk, directory: String) async throws -> WrkResult {
        try await factory.withFreshSchema(clock: SystemWallClock()) { store, endpoint in
            try await step.requests.seed(store)
            let body = ItemBody.text(tag: "http", sequence: 0)
            let shares = Self.connectionShares(settings.connections, among: step.serverCount)
            let threads = Self.wrkThreads(step, settings)
            let scripts = try shares.indices.map { index in
                // Each wrk process starts a third of the sessions further on, so they do not all
                // append to the same session at the same moment.
                let offset = index * step.requests.sessionCount / shares.count
                let script = directory + "/\(step.typedName)-\(index + 1).lua"
                try WrkScript.text(for: step.requests, itemBody: body, offset: offset)
                    .write(toFile: script, atomically: true, encoding: .utf8)
                return script
            }
            let result = try await ServeProcess.withServers(
                step.serverCount,
                binary: binary,
                arguments: ["--store", endpoint.description],
                environment: endpoint.password.map { ["PGPASSWORD": $0] } ?? [:],
                directory: directory
            ) { ports in
                try await withThrowingTaskGroup(of: WrkResult.self) { group in
                    for (index, port) in ports.enumerated() {
                        let load = Wrk.Load(threads: threads, connections: shares[index], seconds: settings.seconds)
                        let output = directory + "/wrk-\(index + 1).txt"
                        group.addTask {
                            try await wrk.run(script: scripts[index], port: port, load: load, outputPath: output)
                        }
                    }
                    return WrkResult(combining: try await group.reduce(into: []) { $0.append($1) })
                }
            }
            try await step.requests.check(
                result,
                in: store,
                connections: settings.connections,
                context: "\(step.rawValue) [\(factory.name)]"
            )
            return result
        }
    }
}

import AgentSessions
import AgentSessionsServer
import Foundation
import Logging
import ServiceLifecycle

/// Runs the HTTP steps: a fresh store, the server `agent-sessions serve` runs (in this process,
/// on a loopback port), and `wrk` in another process sending requests over keep-alive
/// connections for a fixed time. Each run checks that the store holds what the answers
/// acknowledged.
///
/// ```swift
/// let figures = try await HTTPBenchmark(factory: SQLiteStoreFactory(), settings: .init(), scratchRoot: "/tmp")
///     .run([.h1, .h2])
/// ```
struct HTTPBenchmark {
    /// How hard and how long `wrk` pushes.
    struct Settings: Sendable {
        /// Runs per step; each figure is the median.
        var runs = 3
        /// Open connections, each sending its next request when the answer arrived.
        var connections = 32
        /// `wrk` threads.
        var threads = 2
        /// How long each run lasts, in seconds.
        var seconds = 10
    }

    /// Opens the store under test.
    let factory: any StoreFactory
    /// How hard and how long.
    let settings: Settings
    /// Where each run's fresh directory is made.
    let scratchRoot: String
    /// Whether wrk's appends carry an `Idempotency-Key` each, as `HTTPSessionStore`'s do.
    var idempotencyKeys = false

    /// Runs the steps in order.
    /// - Returns: Each step's rate, p50 and p99 latency.
    /// - Throws: ``BenchmarkFailure`` when `wrk` is missing, an answer failed, or the store does
    ///   not hold what was acknowledged.
    func run(_ steps: [HTTPStep]) async throws -> [Measurement] {
        let wrk = factory is HTTPStoreFactory ? nil : try Wrk.find()
        return try await settings.figures(of: steps, store: factory.name, scratchRoot: scratchRoot) { step, directory in
            try await measure(step, wrk: wrk, directory: directory)
        }
    }

    /// One run of a step in a fresh directory under ``scratchRoot``.
    /// - Throws: What ``run(_:)`` throws.
    func runOnce(_ step: HTTPStep) async throws -> WrkResult {
        let wrk = factory is HTTPStoreFactory ? nil : try Wrk.find()
        return try await ScratchDirectory.with(in: scratchRoot, prefix: "\(factory.name)-http") { directory in
            try await measure(step, wrk: wrk, directory: directory)
        }
    }

    /// One run of a step on a fresh store, loaded by `wrk`, or by ``ClientLoad`` for the
    /// `http` store.
    private func measure(_ step: HTTPStep, wrk: Wrk?, directory: String) async throws -> WrkResult {
        try await factory.asServed.withStore(in: directory, clock: SystemWallClock()) { store in
            try await step.seed(store)
            let result = try await InProcessServer.with(over: store) { port in
                guard let wrk else {
                    return try await ClientLoad(step: step, tasks: settings.connections, seconds: settings.seconds)
                        .run(port: port)
                }
                let script = directory + "/\(step.rawValue).lua"
                let body = ItemBody.text(tag: "http", sequence: 0)
                try WrkScript.text(for: step, itemBody: body, idempotencyKeys: idempotencyKeys).write(
                    toFile: script,
                    atomically: true,
                    encoding: .utf8
                )
                let load = Wrk.Load(
                    threads: settings.threads,
                    connections: settings.connections,
                    seconds: settings.seconds
                )
                return try await wrk.run(script: script, port: port, load: load, outputPath: directory + "/wrk.txt")
            }
            try await step.check(
                result,
                in: store,
                connections: settings.connections,
                context: "\(step.rawValue) [\(factory.name)]"
            )
            return result
        }
    }
}

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

    /// Runs the steps in order.
    /// - Returns: Each step's rate, p50 and p99 latency.
    /// - Throws: ``BenchmarkFailure`` when `wrk` is missing, an answer failed, or the store does
    ///   not hold what was acknowledged.
    func run(_ steps: [HTTPStep]) async throws -> [Measurement] {
        guard let wrk = Program.find("wrk") else {
            throw BenchmarkFailure(message: "the HTTP steps need wrk: apt-get install -y wrk")
        }
        var measurements: [Measurement] = []
        for step in steps {
            var results: [WrkResult] = []
            for run in 1...settings.runs {
                let result = try await ScratchDirectory.with(in: scratchRoot, prefix: "\(factory.name)-http") {
                    directory in try await measure(step, wrk: wrk, directory: directory)
                }
                note(step, run: run, "\(Int(result.requestsPerSecond)) requests/s, p99 \(result.p99Milliseconds) ms")
                results.append(result)
            }
            measurements += [
                figure(step, "", results.map(\.requestsPerSecond), unit: "requests/s", .higherIsBetter),
                figure(step, " p50", results.map(\.p50Milliseconds), unit: "ms", .lowerIsBetter),
                figure(step, " p99", results.map(\.p99Milliseconds), unit: "ms", .lowerIsBetter),
            ]
        }
        return measurements
    }

    /// One run of a step on a fresh store.
    private func measure(_ step: HTTPStep, wrk: String, directory: String) async throws -> WrkResult {
        try await factory.asServed.withStore(in: directory, clock: SystemWallClock()) { store in
            try await seed(step, store)
            let script = directory + "/\(step.rawValue).lua"
            let body = ItemBody.text(tag: "http", sequence: 0)
            try WrkScript.text(for: step, itemBody: body).write(toFile: script, atomically: true, encoding: .utf8)

            let result = try await withServer(over: store) { port in
                let arguments = [
                    "--latency", "-t", String(settings.threads), "-c", String(settings.connections),
                    "-d", "\(settings.seconds)s", "-s", script, "http://127.0.0.1:\(port)",
                ]
                let run = try await Program.runOffThePool(wrk, arguments)
                guard run.status == 0 else {
                    throw BenchmarkFailure(message: "wrk exited with \(run.status): \(run.errorText)")
                }
                return try WrkResult(parsing: String(decoding: run.output, as: UTF8.self))
            }
            try await check(step, result, store)
            return result
        }
    }

    /// Creates the step's sessions and items.
    private func seed(_ step: HTTPStep, _ store: any SessionStore) async throws {
        for number in 0..<step.sessionCount {
            let session = try await store.create(NewSession(id: try SessionID("bench-\(number)")))
            if step.itemsPerSession > 0 {
                try await store.append(
                    try ItemBody.items(tag: "bench-\(number)", 0..<step.itemsPerSession),
                    to: session.key
                )
            }
        }
    }

    /// Checks that every answer succeeded and that the store holds every acknowledged append.
    private func check(_ step: HTTPStep, _ result: WrkResult, _ store: any SessionStore) async throws {
        let context = "\(step.rawValue) [\(factory.name)]"
        try BenchmarkFailure.check(result.failedResponses == 0, "\(context): \(result.failedResponses) answers failed")
        try BenchmarkFailure.check(result.requests > 0, "\(context): no request was answered")
        let stored = try await store.statistics(app: nil).itemCount
        let seeded = step.sessionCount * step.itemsPerSession
        switch step {
        case .h1:
            // Requests in flight when wrk stopped may have been stored without being counted.
            try BenchmarkFailure.check(
                stored >= seeded + result.requests && stored <= seeded + result.requests + settings.connections,
                "\(context): \(result.requests) appends were acknowledged but the store holds \(stored - seeded)"
            )
        case .h2:
            try BenchmarkFailure.check(stored == seeded, "\(context): reads changed the item count to \(stored)")
        }
    }

    /// Runs `body` while the server serves `store` on a free loopback port.
    private func withServer<Result: Sendable>(
        over store: any SessionStore,
        _ body: (Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "agent-sessions-bench") { StandardErrorLogHandler(label: $0) }
        logger.logLevel = .error
        let app = try buildApplication(
            configuration: ServerConfiguration(port: 0),
            store: store,
            logger: logger,
            onServerRunning: { port in portContinuation.yield(port) }
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                throw BenchmarkFailure(message: "the server did not start")
            }
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    private func figure(
        _ step: HTTPStep,
        _ suffix: String,
        _ runs: [Double],
        unit: String,
        _ direction: Measurement.Direction
    ) -> Measurement {
        Measurement(
            name: step.rawValue + suffix,
            store: factory.name,
            runs: runs,
            unit: unit,
            direction: direction,
            limitKey: nil
        )
    }

    private func note(_ step: HTTPStep, run: Int, _ text: String) {
        let line = "[\(factory.name)] \(step.rawValue) \(step.title) run \(run)/\(settings.runs): \(text)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

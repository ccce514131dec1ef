import AgentSessions
import AgentSessionsClient
import AsyncHTTPClient
import NIOCore

/// The HTTP steps driven by `HTTPSessionStore` instead of `wrk`: `tasks` tasks, each sending
/// its next call when the last one returned, for `seconds`, through one store whose HTTP
/// client keeps up to one connection per task (as `wrk` keeps one per connection setting).
///
/// Each task walks the sessions round-robin from its own starting point, 997 sessions apart,
/// as the `wrk` script's threads do. H1 appends one workload item (with the `Idempotency-Key`
/// every append of the store carries); H2 reads the last 20 items.
struct ClientLoad {
    /// The step.
    let step: HTTPStep
    /// Concurrent tasks.
    let tasks: Int
    /// How long the load lasts, in seconds.
    let seconds: Int

    /// What one task measured.
    private struct TaskFigures: Sendable {
        var latencies: [Double] = []
        var failures = 0
        var firstFailure: String?
    }

    /// Loads the server on `port`.
    /// - Returns: The calls completed, their rate, p50 and p99, and the calls that failed.
    /// - Throws: ``SessionStoreError`` if the store cannot be set up.
    func run(port: Int) async throws -> WrkResult {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: tasks
        )
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let result: Result<WrkResult, any Error>
        do {
            let store = try HTTPSessionStore(
                configuration: .init(baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(60), httpClient: httpClient)
            )
            result = .success(try await load(store))
        } catch {
            result = .failure(error)
        }
        try await httpClient.shutdown()
        return try result.get()
    }

    private func load(_ store: HTTPSessionStore) async throws -> WrkResult {
        let keys = try (0..<step.sessionCount).map { SessionKey(try SessionID("bench-\($0)")) }
        let item = try ItemBody.item(tag: "http", sequence: 0)
        let start = ContinuousClock.now
        let end = start + .seconds(seconds)
        let figures = await withTaskGroup(of: TaskFigures.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var figures = TaskFigures()
                    var counter = (task * 997) % keys.count
                    while ContinuousClock.now < end {
                        counter = (counter + 1) % keys.count
                        let callStart = ContinuousClock.now
                        do {
                            switch step {
                            case .h1: _ = try await store.append([item], to: keys[counter])
                            case .h2: _ = try await store.items(of: keys[counter], .last(20))
                            }
                            let elapsed = ContinuousClock.now - callStart
                            figures.latencies.append(
                                Double(elapsed.components.attoseconds) / 1e15
                                    + Double(elapsed.components.seconds) * 1e3
                            )
                        } catch {
                            figures.failures += 1
                            if figures.firstFailure == nil { figures.firstFailure = "\(error)" }
                        }
                    }
                    return figures
                }
            }
            return await group.reduce(into: [TaskFigures]()) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - start
        let latencies = figures.flatMap(\.latencies).sorted()
        let failures = figures.map(\.failures).reduce(0, +)
        if let failure = figures.compactMap(\.firstFailure).first {
            throw BenchmarkFailure(message: "\(step.rawValue) [http]: \(failures) calls failed, the first: \(failure)")
        }
        let wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return WrkResult(
            requests: latencies.count,
            requestsPerSecond: Double(latencies.count) / wallSeconds,
            p50Milliseconds: Statistics.percentile(sorted: latencies, 0.50),
            p99Milliseconds: Statistics.percentile(sorted: latencies, 0.99),
            failedResponses: failures,
            socketErrors: 0
        )
    }
}

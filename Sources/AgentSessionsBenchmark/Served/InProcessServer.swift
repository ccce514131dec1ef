import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsServer
import Logging
import ServiceLifecycle

/// `serve`'s application (``buildApplication(configuration:store:logger:storeServices:children:idempotency:health:changeNotices:sweeperClock:metrics:routes:onServerRunning:)``)
/// in this process, on a free port of 127.0.0.1, for as long as a body runs.
enum InProcessServer {
    /// Runs `body` with the port of a server over `store`, then stops the server gracefully.
    /// - Returns: What `body` returns.
    /// - Throws: ``BenchmarkFailure`` when the server does not start; what `body` or the server
    ///   throws.
    static func with<Result>(
        over store: any SessionStore,
        _ body: (Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "agent-sessions-bench") { StandardErrorLogHandler(label: $0) }
        logger.logLevel = .error
        let configuration = ServerConfiguration(port: 0)
        let app = try buildApplication(
            configuration: configuration,
            store: store,
            logger: logger,
            // The records of the store's storage, as `serve` keeps them.
            idempotency: store.durableIdempotencyStore(policy: configuration.idempotency),
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
}

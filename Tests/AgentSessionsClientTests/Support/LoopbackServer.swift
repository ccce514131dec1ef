import AgentSessions
import AgentSessionsAgents
import AgentSessionsIdempotency
import AgentSessionsServer
import Logging
import ServiceLifecycle

/// `serve`'s application over a store, listening on a free port of 127.0.0.1 until stopped.
actor LoopbackServer {
    private var running: [(group: ServiceGroup, task: Task<Void, any Error>)] = []

    /// Starts a server over `store` and returns its base URL.
    func start(over store: any SessionStore, configuration: ServerConfiguration = ServerConfiguration(port: 0))
        async throws -> String
    {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        var configuration = configuration
        configuration.port = 0
        // The suites check what the store does when asked: the server's own sweeps of expired
        // and idle sessions must not run in the middle of a check that takes a minute on a
        // loaded machine (seen in CI: a clean-up found the expired sessions already swept).
        configuration.cleanup.interval = Self.neverWithinATest
        configuration.sweeper.interval = Self.neverWithinATest
        let app = try buildApplication(
            configuration: configuration,
            store: store,
            logger: logger,
            // The records of the store's storage, as `serve` keeps them.
            idempotency: store.durableIdempotencyStore(policy: configuration.idempotency),
            routes: [ChatRoutes()],
            onServerRunning: { port in portContinuation.yield(port) }
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        running.append((group, task))
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        return "http://127.0.0.1:\(port)"
    }

    /// A sweep interval no test lasts.
    static let neverWithinATest = Duration.seconds(86_400 * 365)

    /// Stops every server started, and waits until they have stopped.
    func stopAll() async throws {
        for server in running {
            await server.group.triggerGracefulShutdown()
            try await server.task.value
        }
        running = []
    }

    /// Runs `body` with a fresh set of servers, stopped afterwards whether `body` returns or throws.
    static func with<T>(_ body: (LoopbackServer) async throws -> T) async throws -> T {
        let servers = LoopbackServer()
        do {
            let result = try await body(servers)
            try await servers.stopAll()
            return result
        } catch {
            try await servers.stopAll()
            throw error
        }
    }
}

/// A failure of a test's own set-up.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

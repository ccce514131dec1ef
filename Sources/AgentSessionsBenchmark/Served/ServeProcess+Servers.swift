import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1

extension ServeProcess {
    /// How long a server may take to listen: 60 seconds.
    static let startLimit = Duration.seconds(60)
    /// How long a server may take to stop after SIGTERM before it is killed: 60 seconds.
    static let stopLimit = Duration.seconds(60)

    /// Starts `count` servers on ports of their own, waits until each answers `/healthz` with
    /// 200, runs `body` with their ports, then stops them with SIGTERM. When anything fails or
    /// the task is cancelled, the servers started so far are killed (SIGKILL, with their process
    /// groups) before the error goes on, so no server outlives a run.
    ///
    /// ```swift
    /// try await ServeProcess.withServers(3, binary: path, arguments: ["--store", url], environment: [:],
    ///                                    directory: scratch) { ports in … }
    /// ```
    /// - Parameters:
    ///   - count: How many servers.
    ///   - binary: The `agent-sessions` executable.
    ///   - arguments: What follows `serve --port 0 --host 127.0.0.1` (the store).
    ///   - environment: Variables added to the benchmark's own, without its `AGENT_SESSIONS_*`
    ///     ones, so that only `arguments` and these configure the servers.
    ///   - directory: Where the logs go: `serve-1.log` ….
    /// - Returns: What `body` returns.
    /// - Throws: ``ChildProcessError`` when a server does not start or stop in time;
    ///   ``BenchmarkFailure`` when one does not get healthy or does not stop cleanly (with the end of its
    ///   log); what `body` throws.
    static func withServers<Result: Sendable>(
        _ count: Int,
        binary: String,
        arguments: [String],
        environment: [String: String],
        directory: String,
        _ body: ([Int]) async throws -> Result
    ) async throws -> Result {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AGENT_SESSIONS_") }
            .merging(environment) { _, given in given }
        var servers: [ServeProcess] = []
        do {
            for number in 1...count {
                let server = try await start(
                    binary,
                    ["--host", "127.0.0.1"] + arguments,
                    environment: environment,
                    logPath: directory + "/serve-\(number).log",
                    within: startLimit
                )
                servers.append(server)
                try await server.waitUntilHealthy()
            }
            let result = try await body(servers.map(\.port))
            for server in servers {
                let status = try await server.terminate(within: stopLimit)
                try BenchmarkFailure.check(
                    status == 0,
                    "agent-sessions serve on port \(server.port) exited with \(status) when stopped: \(server.logTail)"
                )
            }
            return result
        } catch {
            for server in servers { try? await server.kill() }
            throw error
        }
    }

    /// Asks `/healthz` until it answers 200: the server listens before its store is reachable.
    /// - Throws: ``BenchmarkFailure`` when the server exits or does not get there within
    ///   ``startLimit``, with the end of its log.
    private func waitUntilHealthy() async throws {
        let deadline = ContinuousClock.now + Self.startLimit
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard isRunning else {
                throw BenchmarkFailure(message: "agent-sessions serve on port \(port) exited: \(logTail)")
            }
            do {
                let answer = try await HTTPTestClient.send(port: port, .GET, "/healthz")
                if answer.status == .ok { return }
                last = "\(answer.status.code) \(answer.text)"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchmarkFailure(
            message:
                "agent-sessions serve on port \(port) was not healthy within \(Self.startLimit) (\(last)): \(logTail)"
        )
    }

    /// The last lines of the log, for error messages.
    private var logTail: String {
        log.split(separator: "\n").suffix(10).joined(separator: "\n")
    }
}

import Foundation
import HTTPTestSupport
import NIOCore
import NIOHTTP1
import NIOPosix

/// One `agent-sessions serve` process started by the benchmark on a free loopback port, with
/// its output in a log file.
///
/// ``withServers(_:binary:arguments:environment:directory:_:)`` is the way to use them: it
/// stops every server it started whether the work succeeds, fails or is cancelled, so no
/// server outlives a run.
///
/// ```swift
/// try await ServerProcess.withServers(3, binary: path, arguments: ["--store", url], environment: [:],
///                                     directory: scratch) { ports in … }
/// ```
final class ServerProcess: Sendable {
    /// The port it listens on, on 127.0.0.1.
    let port: Int
    /// Where its standard output and standard error go.
    let logPath: String
    private let process: Process

    private init(port: Int, logPath: String, process: Process) {
        self.port = port
        self.logPath = logPath
        self.process = process
    }

    /// How long a server may take to answer `/healthz` with 200: 60 seconds.
    static let startLimit = Duration.seconds(60)
    /// How long a server may take to stop after SIGTERM before it is killed: 60 seconds.
    static let stopLimit = Duration.seconds(60)

    /// Starts `count` servers, waits until each answers `/healthz` with 200, runs `body` with
    /// their ports, then stops them with SIGTERM. When anything fails or the task is
    /// cancelled, the servers started so far are killed (SIGKILL) before the error goes on.
    /// - Parameters:
    ///   - count: How many servers.
    ///   - binary: The `agent-sessions` executable.
    ///   - arguments: What follows `serve --host 127.0.0.1 --port P` (the store).
    ///   - environment: Variables added to the benchmark's own, without its `AGENT_SESSIONS_*`
    ///     ones, so that only `arguments` and these configure the servers.
    ///   - directory: Where the logs go: `serve-1.log` ….
    /// - Returns: What `body` returns.
    /// - Throws: ``BenchmarkFailure`` when a server does not start, exits early or does not stop
    ///   cleanly (with the end of its log); what `body` throws.
    static func withServers<Result: Sendable>(
        _ count: Int,
        binary: String,
        arguments: [String],
        environment: [String: String],
        directory: String,
        _ body: ([Int]) async throws -> Result
    ) async throws -> Result {
        var servers: [ServerProcess] = []
        do {
            for number in 1...count {
                let logPath = directory + "/serve-\(number).log"
                servers.append(try await start(binary, arguments, environment: environment, logPath: logPath))
            }
            for server in servers { try await server.waitUntilHealthy() }
            let result = try await body(servers.map(\.port))
            for server in servers { try await server.stop() }
            return result
        } catch {
            for server in servers { server.kill() }
            throw error
        }
    }

    /// Starts `binary serve` on a free port.
    private static func start(
        _ binary: String,
        _ arguments: [String],
        environment: [String: String],
        logPath: String
    ) async throws -> ServerProcess {
        let port = try await freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AGENT_SESSIONS_") }
            .merging(environment) { _, given in given }
        let log = try Program.outputFile(logPath)
        defer { try? log.close() }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure(message: "cannot start \(binary) serve: \(error)")
        }
        ChildProcesses.started(process.processIdentifier)
        return ServerProcess(port: port, logPath: logPath, process: process)
    }

    /// A port that was free a moment ago: bound on 127.0.0.1 with port 0, then released.
    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw BenchmarkFailure(message: "the operating system gave no free port") }
        return port
    }

    /// Asks `/healthz` until it answers 200 (the store is reachable and its schema ready).
    /// - Throws: ``BenchmarkFailure`` when the server exits or does not get there within
    ///   ``startLimit``.
    private func waitUntilHealthy() async throws {
        let deadline = ContinuousClock.now + Self.startLimit
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw BenchmarkFailure(message: "agent-sessions serve on port \(port) exited: \(logTail())")
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
            message: "agent-sessions serve on port \(port) was not healthy within \(Self.startLimit) (\(last)): "
                + logTail()
        )
    }

    /// Stops the server with SIGTERM and waits for it.
    /// - Throws: ``BenchmarkFailure`` when it is still running after ``stopLimit`` (it is then
    ///   killed) or exits with a failure.
    private func stop() async throws {
        Foundation.kill(process.processIdentifier, SIGTERM)
        guard try await Program.waitForExit(process, within: Self.stopLimit) else {
            kill()
            throw BenchmarkFailure(
                message: "agent-sessions serve on port \(port) did not stop within \(Self.stopLimit)"
            )
        }
        ChildProcesses.ended(process.processIdentifier)
        try BenchmarkFailure.check(
            process.terminationStatus == 0,
            "agent-sessions serve on port \(port) exited with \(process.terminationStatus) when stopped: \(logTail())"
        )
    }

    /// Kills the server (SIGKILL) if it still runs, without waiting.
    private func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        ChildProcesses.ended(process.processIdentifier)
    }

    /// The last lines of the log, for error messages.
    private func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }

    deinit {
        kill()
    }
}

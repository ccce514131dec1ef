import AgentSessionsTesting
import Foundation
import Synchronization

/// A running `agent-sessions serve` process on a port it picked (`--port 0`), for tests that
/// kill and restart the server.
///
/// ```swift
/// let server = try await ServeProcess.start(["--db", path])
/// … HTTPTestClient.send(port: server.port, …)
/// server.kill()            // SIGKILL: no chance to clean up
/// ```
final class ServeProcess: Sendable {
    /// The port the server listens on.
    let port: Int
    private let process: Process
    private let output: Mutex<String>

    private init(port: Int, process: Process, output: String) {
        self.port = port
        self.process = process
        self.output = Mutex(output)
    }

    /// What the server has written to standard output and standard error so far.
    var log: String { output.withLock { $0 } }

    /// Starts `agent-sessions serve --port 0` with `arguments` and waits until it listens.
    /// - Throws: ``CLIProcessError`` if it exits or stays silent for 60 seconds.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeProcess {
        let process = Process()
        process.executableURL = try CLIProcess.executable
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let handle = output.fileHandleForReading
        let port = try await onDedicatedThread { () throws -> (port: Int, text: String) in
            var text = ""
            while true {
                let data = PipeReading.chunk(from: handle)
                guard !data.isEmpty else {
                    throw CLIProcessError("agent-sessions serve exited before it listened: \(text)")
                }
                text += String(decoding: data, as: UTF8.self)
                if let port = Self.listeningPort(in: text) { return (port, text) }
            }
        }
        // Keep draining the output into ``log``, so that the server never blocks on a full pipe.
        let server = ServeProcess(port: port.port, process: process, output: port.text)
        Thread.detachNewThread {
            while case let data = PipeReading.chunk(from: handle), !data.isEmpty {
                server.output.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        return server
    }

    /// Kills the process with SIGKILL and waits for it to be gone.
    func kill() async throws {
        Foundation.kill(process.processIdentifier, SIGKILL)
        try await waitForExit(within: .seconds(30))
    }

    /// Stops the process with SIGTERM and returns its exit status.
    /// - Throws: ``CLIProcessError`` if it is still running after a minute (it is then killed).
    func terminate() async throws -> Int32 {
        Foundation.kill(process.processIdentifier, SIGTERM)
        try await waitForExit(within: .seconds(60))
        return process.terminationStatus
    }

    /// Polls until the process is gone (Foundation's `waitUntilExit` spins a CPU on Linux).
    private func waitForExit(within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                Foundation.kill(process.processIdentifier, SIGKILL)
                throw CLIProcessError("agent-sessions serve was still running \(limit) after it was told to stop")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The server's resident memory now and its peak since it started, in KiB (`VmRSS` and
    /// `VmHWM` of `/proc/PID/status`).
    /// - Throws: ``CLIProcessError`` where `/proc` is missing (not Linux) or has no such lines.
    func residentMemory() throws -> (current: Int, peak: Int) {
        let path = "/proc/\(process.processIdentifier)/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIProcessError("cannot read \(path): measuring memory needs Linux' /proc")
        }
        func kibibytes(_ name: String) throws -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            guard let value = line?.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Int($0) }) else {
                throw CLIProcessError("\(path) has no \(name) line")
            }
            return value
        }
        return (try kibibytes("VmRSS"), try kibibytes("VmHWM"))
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// The port of the log line `listening on http://HOST:PORT`.
    private static func listeningPort(in text: String) -> Int? {
        guard let marker = text.firstRange(of: "listening on http://") else { return nil }
        let rest = text[marker.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
        guard rest[rest.index(after: colon)...].dropFirst(digits.count).first?.isNewline == true else { return nil }
        return Int(digits)
    }
}

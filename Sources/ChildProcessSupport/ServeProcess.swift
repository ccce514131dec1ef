import Foundation

/// A running `agent-sessions serve` on a port it picked itself (`--port 0`), for the tests that
/// kill and restart the server and for the benchmark's served measurements.
///
/// Its standard output and error go to a log file, where ``start(_:_:environment:logPath:within:)``
/// reads the port off the line `listening on http://HOST:PORT`. It runs as a ``ChildProcess``,
/// so it is killed with its process group when the value goes away.
///
/// ```swift
/// let server = try await ServeProcess.start(executable, ["--db", path])
/// … HTTPTestClient.send(port: server.port, …)
/// try await server.kill()                        // SIGKILL: no chance to clean up
/// #expect(try await other.terminate() == 0)      // SIGTERM: a clean stop
/// ```
public final class ServeProcess: Sendable {
    /// The port the server listens on.
    public let port: Int
    /// The file its standard output and standard error go to.
    public let logPath: String
    private let child: ChildProcess
    /// The temporary folder made for the log, removed with the value.
    private let logFolder: String?

    private init(port: Int, logPath: String, child: ChildProcess, logFolder: String?) {
        self.port = port
        self.logPath = logPath
        self.child = child
        self.logFolder = logFolder
    }

    /// The server's process id.
    public var processID: Int32 { child.processID }

    /// Whether the server has not ended yet (it may be ending).
    public var isRunning: Bool { child.isRunning }

    /// What the server has written to standard output and standard error so far.
    public var log: String { child.output }

    /// Starts `executable serve --port 0` followed by `arguments` and waits until it listens.
    /// - Parameters:
    ///   - executable: The `agent-sessions` executable.
    ///   - arguments: What follows `serve --port 0`, such as `["--db", path]`.
    ///   - environment: The server's whole environment. Defaults to this process's.
    ///   - logPath: Where its output goes (created or emptied). Defaults to a file in a temporary
    ///     folder of its own, removed when the value goes away.
    ///   - limit: How long it may take to listen. Defaults to 60 seconds.
    /// - Throws: ``ChildProcessError`` when it cannot be started, exits, or does not listen within
    ///   `limit` (it is then killed), with the end of its log.
    public static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        logPath: String? = nil,
        within limit: Duration = .seconds(60)
    ) async throws -> ServeProcess {
        var logFolder: String?
        if logPath == nil {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("agent-sessions-serve-\(UUID().uuidString)").path
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ChildProcessError(
                    "cannot make a folder for the log of agent-sessions serve at \(folder): \(error)"
                )
            }
            logFolder = folder
        }
        let path = logPath ?? logFolder! + "/serve.log"
        do {
            let child = try await ChildProcess.start(
                executable,
                ["serve", "--port", "0"] + arguments,
                environment: environment,
                output: .file(path),
                error: .file(path)
            )
            let port = try await child.waitForOutput(within: limit, listeningPort)
            return ServeProcess(port: port, logPath: path, child: child, logFolder: logFolder)
        } catch {
            if let logFolder { try? FileManager.default.removeItem(atPath: logFolder) }
            throw error
        }
    }

    /// Kills the server (SIGKILL) and waits until it is gone.
    /// - Throws: `CancellationError`.
    public func kill() async throws {
        child.kill()
        _ = try await child.waitForExit()
    }

    /// Stops the server with SIGTERM and returns its exit status once it has ended.
    /// - Parameter limit: How long it may take to stop. Defaults to 60 seconds.
    /// - Returns: The exit status, or 128 plus the number of the signal that ended it.
    /// - Throws: ``ChildProcessError`` when it is still running after `limit` (it is then killed);
    ///   `CancellationError` (it is then killed).
    public func terminate(within limit: Duration = .seconds(60)) async throws -> Int32 {
        child.signal(SIGTERM)
        return try await child.waitForExit(within: limit)
    }

    /// The server's resident memory now and its peak since it started, in KiB (`VmRSS` and
    /// `VmHWM` of `/proc/PID/status`).
    /// - Throws: ``ChildProcessError`` where `/proc` is missing (not Linux) or has no such lines.
    public func residentMemory() throws -> (current: Int, peak: Int) {
        let path = "/proc/\(processID)/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ChildProcessError("cannot read \(path): measuring memory needs Linux' /proc")
        }
        func kibibytes(_ name: String) throws -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            guard let value = line?.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Int($0) }) else {
                throw ChildProcessError("\(path) has no \(name) line")
            }
            return value
        }
        return (try kibibytes("VmRSS"), try kibibytes("VmHWM"))
    }

    /// Starts the server's peak resident memory (`VmHWM`) afresh from its current size, so that
    /// ``residentMemory()`` then gives the peak of what follows (`/proc/PID/clear_refs`).
    /// - Throws: ``ChildProcessError`` where `/proc` is missing (not Linux) or refuses the write.
    public func resetPeakMemory() throws {
        let path = "/proc/\(processID)/clear_refs"
        do {
            try "5".write(toFile: path, atomically: false, encoding: .utf8)
        } catch {
            throw ChildProcessError("cannot write \(path): resetting the peak memory needs Linux' /proc (\(error))")
        }
    }

    deinit {
        child.kill()
        if let logFolder { try? FileManager.default.removeItem(atPath: logFolder) }
    }

    /// The port of the log line `listening on http://HOST:PORT`, once the line is complete (a
    /// text line ends after the port; in a JSON line, the message's string does).
    static func listeningPort(in text: String) -> Int? {
        guard let marker = text.firstRange(of: "listening on http://") else { return nil }
        let rest = text[marker.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
        guard let after = rest[rest.index(after: colon)...].dropFirst(digits.count).first,
            after.isNewline || after == "\""
        else { return nil }
        return Int(digits)
    }
}

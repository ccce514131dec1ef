import ChildProcessSupport
import Foundation

/// `wrk`, the HTTP load generator (Debian's `wrk` package), run against a loopback port for a
/// fixed time.
///
/// ```swift
/// let wrk = try Wrk.find()
/// let result = try await wrk.run(script: "/tmp/H1.lua", port: 8080, load: .init(threads: 2, connections: 32, seconds: 10),
///                                outputPath: "/tmp/wrk.txt")
/// ```
struct Wrk: Sendable {
    /// How hard and how long one `wrk` process pushes.
    struct Load: Sendable {
        /// `wrk` threads.
        var threads: Int
        /// Open connections, each sending its next request when the answer arrived.
        var connections: Int
        /// How long the run lasts, in seconds.
        var seconds: Int
    }

    /// The executable.
    let path: String

    /// `wrk` on `PATH`.
    /// - Throws: ``BenchmarkFailure`` saying how to install it when it is missing.
    static func find() throws -> Wrk {
        guard let path = Program.find("wrk") else {
            throw BenchmarkFailure(message: "the HTTP steps need wrk: apt-get install -y wrk")
        }
        return Wrk(path: path)
    }

    /// Runs `wrk --latency` with a Lua script against `http://127.0.0.1:port` to its end.
    ///
    /// Its output goes to a file, not a pipe, so nothing needs draining while it runs; the task
    /// waits without holding a thread, and cancelling it kills `wrk` (a ``ChildProcess``).
    /// - Parameters:
    ///   - script: The Lua script's path.
    ///   - port: The server's loopback port.
    ///   - load: Threads, connections and seconds.
    ///   - outputPath: Where `wrk`'s output is written (and kept, for a look after a failure).
    /// - Returns: What `wrk` reported.
    /// - Throws: ``BenchmarkFailure`` when `wrk` fails or its output lacks a figure.
    func run(script: String, port: Int, load: Load, outputPath: String) async throws -> WrkResult {
        let arguments = [
            "--latency", "-t", String(load.threads), "-c", String(load.connections), "-d", "\(load.seconds)s",
            "-s", script, "http://127.0.0.1:\(port)",
        ]
        let status = try await ChildProcess.start(path, arguments, output: .file(outputPath), error: .file(outputPath))
            .waitForExit()
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw BenchmarkFailure(message: "wrk exited with \(status) against port \(port): \(output)")
        }
        return try WrkResult(parsing: output)
    }
}

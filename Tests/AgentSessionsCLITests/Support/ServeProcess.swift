import AgentSessions
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An `agent-sessions serve` process on a free loopback port, stopped (SIGTERM, then SIGKILL)
/// by ``stop()``.
final class ServeProcess {
    /// The server's base URL, such as `http://127.0.0.1:40123`.
    let baseURL: String
    private let process: Process
    private let log: URL

    /// Starts the server with `arguments` after `serve --port <free port>`, logging to a file.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let port = try Self.freePort()
        baseURL = "http://127.0.0.1:\(port)"
        log = FileManager.default.temporaryDirectory.appendingPathComponent("agent-sessions-serve-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = try CLIProcess.executable
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Starts `count` servers with the same arguments, runs `body` with them once all listen,
    /// and stops them afterwards, whether `body` returns or throws.
    static func with<T>(
        _ count: Int = 1,
        _ arguments: [String],
        _ body: ([ServeProcess]) async throws -> T
    ) async throws -> T {
        var servers: [ServeProcess] = []
        do {
            for _ in 0..<count { servers.append(try ServeProcess(arguments)) }
            let result = try await body(servers)
            for server in servers { await server.stop() }
            return result
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
    }

    /// What the server logged so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until `/healthz` answers (any status), for up to a minute.
    /// - Returns: The first answer.
    @discardableResult
    func waitUntilListening() async throws -> (status: Int, body: String) {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw CLIProcessError("serve exited early: \(logText)") }
            if let answer = try? await Self.request(baseURL, "GET", "/healthz") { return answer }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLIProcessError("serve did not listen within a minute: \(logText)")
    }

    /// Sends a request to this server and returns the status and the body.
    func request(_ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, body: String) {
        try await Self.request(baseURL, method, path, body)
    }

    /// Sends a request to the server at `baseURL` and returns the status and the body.
    static func request(_ baseURL: String, _ method: String, _ path: String, _ body: String? = nil) async throws
        -> (status: Int, body: String)
    {
        var request = URLRequest(url: try #require(URL(string: baseURL + path)))
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// Stops the server and removes its log.
    func stop() async {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: log)
    }

    /// A port no one listens on right now: the kernel's pick for a socket bound to port 0.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CLIProcessError("socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                guard bind(descriptor, socketAddress, length) == 0 else { return false }
                return getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw CLIProcessError("bind() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

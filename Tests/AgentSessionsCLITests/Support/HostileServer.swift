import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Testing

/// A spawned `agent-sessions serve` over a fresh SQLite file, holding one session, `victim`,
/// with two items, for the hostile-input tests: they throw junk at it, then check that every
/// answer was the JSON error shape, that `victim` and the session count are as they were, that
/// the server still serves, and that its memory stayed under ``memoryCeilingKiB``.
struct HostileServer {
    /// The most resident memory the server may ever have used (its peak, `VmHWM`), in KiB. A
    /// server of this package idles at a few tens of MiB; holding a 64 MiB body whole, or a
    /// buffer per connection of a thousand, would pass this.
    static let memoryCeilingKiB = 160 * 1024

    let server: ServeProcess
    let folder: CLIRunner
    /// `victim` as it was before the test.
    let victim: String

    /// Starts a server with `arguments` added to `serve` and seeds `victim`.
    static func start(_ arguments: [String] = []) async throws -> HostileServer {
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(["--db", folder.directory.path + "/sessions.sqlite"] + arguments)
        let created = try await HTTPTestClient.send(port: server.port, .POST, "/v1/sessions", body: #"{"id":"victim"}"#)
        #expect(created.status == .created)
        let appended = try await HTTPTestClient.send(
            port: server.port,
            .POST,
            "/v1/sessions/victim/items",
            body: #"{"items":[{"content":{"n":1}},{"content":{"n":2}}]}"#
        )
        #expect(appended.status == .created)
        let victim = try await HTTPTestClient.send(port: server.port, .GET, "/v1/sessions/victim").text
        return HostileServer(server: server, folder: folder, victim: victim)
    }

    var port: Int { server.port }

    /// Sends raw request bytes on a connection of their own and reads the answer.
    func send(_ request: [UInt8]) async throws -> RawHTTPAnswer? {
        try await RawHTTPConnection.withConnection(port: port) { connection in
            try await connection.write(request)
            return try await connection.readAnswer()
        }
    }

    /// Sends `method target` with an optional body and expects a JSON error with one of `statuses`.
    func expectRefused(
        _ method: String,
        _ target: [UInt8],
        body: [UInt8]? = nil,
        _ statuses: Set<Int>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let shown = "\(method) \(String(decoding: target.prefix(80), as: UTF8.self))"
        let answer = try await send(RawHTTPConnection.request(method, target: target, body: body))
        guard let answer else {
            Issue.record("\(shown): the connection closed without an answer", sourceLocation: sourceLocation)
            return
        }
        #expect(statuses.contains(answer.status), "\(shown) answered \(answer.status)", sourceLocation: sourceLocation)
        Self.expectErrorShape(answer, shown, sourceLocation: sourceLocation)
    }

    /// Checks that an answer is `{"error": {"code": "…", "message": "…", "field": …}}` in JSON.
    static func expectErrorShape(_ answer: RawHTTPAnswer, _ shown: String, sourceLocation: SourceLocation) {
        #expect(
            answer.headers["content-type"]?.hasPrefix("application/json") == true,
            "\(shown): content type \(answer.headers["content-type"] ?? "none")",
            sourceLocation: sourceLocation
        )
        let error = (try? JSONObject(parsingObject: answer.text, field: "answer"))?["error"]?.objectValue
        #expect(
            error?["code"]?.stringValue?.isEmpty == false,
            "\(shown): \(answer.text)",
            sourceLocation: sourceLocation
        )
        #expect(
            error?["message"]?.stringValue?.isEmpty == false,
            "\(shown): \(answer.text)",
            sourceLocation: sourceLocation
        )
    }

    /// Checks that nothing changed, the server still serves, and its memory stayed bounded; then
    /// stops it.
    func expectUnharmed(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let health = try await HTTPTestClient.send(port: port, .GET, "/healthz")
        #expect(health.status == .ok, sourceLocation: sourceLocation)
        let now = try await HTTPTestClient.send(port: port, .GET, "/v1/sessions/victim").text
        #expect(now == victim, "victim changed", sourceLocation: sourceLocation)
        let statsText = try await HTTPTestClient.send(port: port, .GET, "/v1/stats").text
        let stats = try JSONObject(parsingObject: statsText, field: "stats")
        #expect(stats["session_count"] == 1, "\(stats)", sourceLocation: sourceLocation)
        #expect(stats["item_count"] == 2, "\(stats)", sourceLocation: sourceLocation)
        let memory = try server.residentMemory()
        #expect(
            memory.peak < Self.memoryCeilingKiB,
            "the server's resident memory peaked at \(memory.peak) KiB (now \(memory.current) KiB)",
            sourceLocation: sourceLocation
        )
        #expect(try await server.terminate() == 0, sourceLocation: sourceLocation)
    }
}

import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Testing

/// `serve --log-format json`: every line of its log is one JSON object, and a request's line
/// carries its method, route, status, duration and `X-Request-Id`.
@Suite(.timeLimit(.minutes(10))) struct ServeLogFormatTests {
    @Test func everyLineIsAJSONObjectWithTheRequestsFields() async throws {
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(["--db", folder.databasePath, "--log-format", "json"])
        let created = try await HTTPTestClient.send(
            port: server.port,
            .POST,
            "/v1/sessions",
            body: #"{"id":"logged"}"#,
            headers: [("X-Request-Id", "json-log-1")]
        )
        #expect(created.status == .created)
        #expect(created.headers["X-Request-Id"] == ["json-log-1"])
        #expect(try await server.terminate() == 0)

        let lines = server.log.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3, "\(server.log)")
        var requestLines: [JSONObject] = []
        for line in lines {
            let object = try JSONObject(parsingObject: line, field: "log line")
            for field in ["time", "level", "label", "message", "source"] {
                #expect(object[field]?.stringValue != nil, "\(field) in \(line)")
            }
            let time = try #require(object["time"]?.stringValue)
            #expect(time.hasSuffix("Z") && time.count == "2026-12-06T04:14:01.123Z".count, "\(time)")
            if object["message"] == "request" { requestLines.append(object) }
        }
        let request = try #require(requestLines.first, "\(server.log)")
        #expect(requestLines.count == 1)
        #expect(request["level"] == "info")
        #expect(request["agent_sessions.request.id"] == "json-log-1")
        #expect(request["http.request.method"] == "POST")
        #expect(request["http.route"] == "/v1/sessions")
        #expect(request["http.response.status_code"] == "201")
        #expect(request["duration_ms"]?.stringValue.flatMap(Double.init) != nil)
    }

    @Test func anUnknownFormatIsRefused() async throws {
        let result = try await CLIRunner().run("serve", "--log-format", "xml")
        #expect(result.status == 2, "a usage error")
        #expect(result.stderr.contains("--log-format 'xml' is not a format; use text or json"), "\(result.stderr)")
    }
}

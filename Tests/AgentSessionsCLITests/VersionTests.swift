import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Testing

/// `agent-sessions --version`, `version --json`, and `/metrics`' `agent_sessions_build_info`
/// tell the same build.
@Suite(.timeLimit(.minutes(10))) struct VersionTests {
    @Test func theVersionLineTheJSONAndTheBuildInfoGaugeAgree() async throws {
        let cli = try CLIRunner()
        let line = try await CLIRunner.run(["--version"])
        #expect(line.status == 0)
        let json = try await CLIRunner.run(["version", "--json"])
        #expect(json.status == 0)
        let fields = try JSONObject(parsingObject: json.stdout, field: "version")
        let version = try #require(fields["version"]?.stringValue)
        let commit = try #require(fields["commit"]?.stringValue)
        let sqlite = try #require(fields["sqlite"]?.stringValue)
        #expect(fields["commit_date"]?.stringValue != nil)
        #expect(commit == "unknown" || commit.count >= 12, "a commit, or unknown outside git: \(commit)")
        #expect(sqlite.split(separator: ".").count == 3, "\(sqlite)")
        #expect(line.stdout.hasPrefix("agent-sessions \(version) (commit \(commit), "), "\(line.stdout)")
        #expect(line.stdout.contains("SQLite \(sqlite)"))

        let server = try await ServeProcess.start(["--db", cli.databasePath])
        let metrics = try await HTTPTestClient.send(port: server.port, .GET, "/metrics")
        let lines = metrics.text.split(separator: "\n")
        let gauge = try #require(lines.first { $0.hasPrefix("agent_sessions_build_info{") }, "\(metrics.text)")
        #expect(gauge.contains(#"version="\#(version)""#) && gauge.contains(#"commit="\#(commit)""#), "\(gauge)")
        #expect(gauge.contains(#"sqlite="\#(sqlite)""#), "\(gauge)")
        #expect(gauge.split(separator: " ").last.flatMap { Double($0) } == 1, "the gauge is 1: \(gauge)")
        #expect(try await server.terminate() == 0)
    }
}

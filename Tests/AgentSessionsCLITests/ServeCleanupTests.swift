import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Testing

/// Issue 12: `serve` deletes expired sessions in the background, without `POST /v1/cleanup`.
@Suite(.timeLimit(.minutes(10))) struct ServeCleanupTests {
    @Test func anExpiredSessionDisappearsWithoutACleanupCall() async throws {
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(["--db", folder.databasePath, "--cleanup-interval", "0.2"])
        let expiry = Timestamp(Date().addingTimeInterval(1)).iso8601
        try await HTTPTestClient.withConnection(port: server.port) { connection in
            let created = try await connection.send(
                .POST,
                "/v1/sessions",
                body: #"{"id":"brief","expires_at":"\#(expiry)"}"#
            )
            #expect(created.status == .created, "\(created.text)")
            #expect(try await connection.send(.POST, "/v1/sessions", body: #"{"id":"kept"}"#).status == .created)
            let deadline = ContinuousClock.now + .seconds(30)
            var status = try await connection.send(.GET, "/v1/sessions/brief").status
            while status == .ok, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                status = try await connection.send(.GET, "/v1/sessions/brief").status
            }
            #expect(status == .notFound, "the expired session was not swept within 30 seconds")
            #expect(try await connection.send(.GET, "/v1/sessions/kept").status == .ok)
            let metrics = try await connection.send(.GET, "/metrics")
            #expect(metrics.text.contains(#"agent_sessions_sessions_swept_total{reason="expired"} 1"#))
        }
        #expect(try await server.terminate() == 0)
    }
}

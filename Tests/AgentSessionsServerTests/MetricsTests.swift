import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `GET /metrics` shows requests by route and status, store latency and session counts.
@Suite struct MetricsTests {
    @Test func requestsStoreCallsAndSessionCountsAreExposed() async throws {
        try await TestAPI().test(.live) { api in
            _ = try await api.createSession(#"{"id": "m1"}"#)
            try await api.send(.get, "/v1/sessions/m1")
            try await api.send(.get, "/v1/sessions/m1")
            try await api.send(.get, "/v1/sessions/absent")
            try await api.send(.patch, "/v1/sessions/m1", #"{"resume_ready": true}"#)
            try await api.send(.post, "/v1/sessions/m1/finalize", #"{"outcome": "completed"}"#)
            try await api.send(.get, "/no/such/route")

            let metrics = try await api.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let lines = Set(metrics.text.split(separator: "\n").map(String.init))
            let expected = [
                #"agent_sessions_http_requests_total{method="GET",route="/v1/sessions/{id}",status="200"} 2"#,
                #"agent_sessions_http_requests_total{method="GET",route="/v1/sessions/{id}",status="404"} 1"#,
                #"agent_sessions_http_requests_total{method="POST",route="/v1/sessions",status="201"} 1"#,
                #"agent_sessions_http_requests_total{method="GET",route="NotFound",status="404"} 1"#,
                #"agent_sessions_http_request_duration_seconds_count{method="GET",route="/v1/sessions/{id}",status="200"} 2"#,
                #"agent_sessions_store_duration_seconds_count{operation="create"} 1"#,
                #"agent_sessions_sessions_created_total 1"#,
                #"agent_sessions_sessions_finalized_total 1"#,
                #"agent_sessions_sessions_resumed_total 0"#,
            ]
            for line in expected {
                #expect(lines.contains(line), "missing: \(line)")
            }
        }
    }

    @Test func eachApplicationCountsOnlyItsOwnRequests() async throws {
        for _ in 0..<2 {
            try await TestAPI().test { api in
                _ = try await api.createSession()
                let metrics = try await api.send(.get, "/metrics")
                #expect(metrics.text.contains(#"agent_sessions_sessions_created_total 1"#))
            }
        }
    }
}

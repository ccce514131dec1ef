import AgentSessions
import AgentSessionsServer
import Foundation
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

    @Test func everyMetricHasItsHelpLineAndTheProcessIsMeasured() async throws {
        try await TestAPI().test(.live) { api in
            _ = try await api.createSession(#"{"id": "h1"}"#)
            _ = try await api.send(.post, "/v1/chat/h1", #"{"message": "hello"}"#)
            let text = try await api.send(.get, "/metrics").text
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var typed = 0
            for (index, line) in lines.enumerated() where line.hasPrefix("# TYPE ") {
                typed += 1
                let name = line.split(separator: " ")[2]
                #expect(index > 0 && lines[index - 1].hasPrefix("# HELP \(name) "), "no help before \(line)")
            }
            #expect(typed >= 10)
            #expect(text.contains("# HELP agent_sessions_live_agents Live agent instances"))
            #expect(!text.contains(MetricDescriptions.fallback), "every metric of the server is described")

            func value(_ name: String) throws -> Double {
                let line = try #require(lines.first { $0.hasPrefix(name + " ") }, "no \(name)")
                return try #require(Double(line.split(separator: " ")[1]))
            }
            #expect(try value(ProcessMetrics.residentMemory) > 1_000_000)
            #expect(try value(ProcessMetrics.virtualMemory) >= value(ProcessMetrics.residentMemory))
            #expect(try value(ProcessMetrics.cpuSeconds) > 0)
            #expect(try value(ProcessMetrics.openFiles) >= 3)
            #expect(try value(ProcessMetrics.openFiles) <= value(ProcessMetrics.maximumFiles))
            let now = Date().timeIntervalSince1970
            #expect(try value(ProcessMetrics.startTime) > now - 86_400 && value(ProcessMetrics.startTime) <= now + 1)
        }
    }

    @Test func aMetricOfAnotherLibraryGetsTheGeneralHelpAndNoLineTwice() {
        let descriptions = MetricDescriptions(["known": "Known."])
        let text =
            "# TYPE known counter\nknown 1\n# HELP kept Kept.\n# TYPE kept gauge\nkept 2\n# TYPE other gauge\nother 3\n"
        #expect(
            descriptions.addingHelp(to: text)
                == "# HELP known Known.\n# TYPE known counter\nknown 1\n# HELP kept Kept.\n# TYPE kept gauge\nkept 2\n"
                + "# HELP other \(MetricDescriptions.fallback)\n# TYPE other gauge\nother 3\n"
        )
    }

    @Test func theProcessStatLineIsReadPastAParenthesisInTheCommandName() throws {
        let stat =
            "4242 (agent (x) y) S 1 4242 4242 0 -1 4194560 500 0 0 0 250 150 0 0 20 0 9 0 "
            + "12000 123456789 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
        let metrics = try #require(
            ProcessMetrics.parse(
                stat: stat,
                systemStat: "cpu 1 2 3\nbtime 1700000000\n",
                ticksPerSecond: 100,
                pageSize: 4096
            )
        )
        #expect(metrics.cpuSeconds == 4)
        #expect(metrics.startTime == 1_700_000_120)
        #expect(metrics.virtualBytes == 123_456_789)
        #expect(metrics.residentBytes == 3000 * 4096)
        #expect(
            ProcessMetrics.parse(stat: "4242 (x) S 1", systemStat: "btime 1\n", ticksPerSecond: 100, pageSize: 4096)
                == nil
        )
    }
}

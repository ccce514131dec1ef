import AgentSessions
import AgentSessionsFiles
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import Testing

/// The extremes of every number a request carries (query strings, `Last-Event-ID`, bodies),
/// sent to a server on the file store: each gets an answer, and the server keeps answering.
@Suite(.timeLimit(.minutes(5))) struct NumericExtremesTests {
    static let extremes = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "0", "-1",
        "99999999999999999999999", "1e3", "",
    ]

    /// Whether an answer is one the API gives for a number: an answer, or 422 for a bad value.
    private func isAnswer(_ status: HTTPResponse.Status) -> Bool {
        status == .ok || status == .created || status == .unprocessableContent || status == .conflict
    }

    @Test func extremeNumbersInQueriesAndBodiesAreAnsweredOnTheFileStore() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            try await TestAPI(store: store).test { api in
                _ = try await api.createSession(#"{"id": "s1"}"#)
                try await api.send(.post, "/v1/sessions/s1/items", #"{"items": [{"content": {"n": 1}}]}"#)
                for value in Self.extremes {
                    for path in [
                        "/v1/sessions/s1/items?after=\(value)", "/v1/sessions/s1/items?limit=\(value)",
                        "/v1/sessions/s1/items?after=\(value)&limit=\(value)", "/v1/sessions?limit=\(value)",
                    ] {
                        let answer = try await api.send(.get, path)
                        #expect(isAnswer(answer.status), "GET \(path): \(answer.status) \(answer.text)")
                    }
                    let fork = try await api.send(.post, "/v1/sessions/s1/fork", #"{"through": \#(value)}"#)
                    #expect(
                        isAnswer(fork.status) || fork.status == .badRequest,
                        "fork through \(value): \(fork.status) \(fork.text)"
                    )
                    let version = try await api.send(
                        .patch,
                        "/v1/sessions/s1",
                        #"{"metadata": {"n": 1}}"#,
                        headers: [.ifMatch: "\"\(value)\""]
                    )
                    #expect(version.status.code < 500, "If-Match \(value): \(version.status)")
                }
                let past = try await api.send(.get, "/v1/sessions/s1/items?after=9223372036854775807")
                #expect(past.status == .ok && past.object["items"] == [], "nothing is after the largest number")
                let negative = try await api.send(.get, "/v1/sessions/s1/items?after=-9223372036854775808")
                #expect(negative.status == .unprocessableContent)
                let all = try await api.send(.get, "/v1/sessions/s1/items?limit=9223372036854775807")
                #expect(all.object["items"]?.arrayCount == 1, "the server still answers")
                // Last: a clean-up of sessions idle 0 hours deletes them all.
                for value in Self.extremes {
                    let cleanup = try await api.send(.post, "/v1/cleanup?hours=\(value)")
                    #expect(isAnswer(cleanup.status), "cleanup hours=\(value): \(cleanup.text)")
                }
            }
        }
    }

    @Test func extremeEventCursorsAreAnsweredOnTheFileStore() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            try await TestAPI(store: store).test(.live) { api in
                let port = try #require(api.client.port)
                _ = try await api.createSession(#"{"id": "s1"}"#)
                try await api.send(.post, "/v1/sessions/s1/items", #"{"content": {"n": 1}}"#)
                let fromQuery = try await EventStreamClient.withStream(
                    port: port,
                    path: "/v1/sessions/s1/events?after=9223372036854775807"
                ) { status, events in (status, try await events.nextEvent()?.name) }
                #expect(fromQuery.0 == .ok && fromQuery.1 == "session", "no item is replayed after the largest number")
                let fromHeader = try await EventStreamClient.withStream(
                    port: port,
                    path: "/v1/sessions/s1/events",
                    headers: [("Last-Event-ID", "9223372036854775807")]
                ) { status, events in (status, try await events.nextEvent()?.name) }
                #expect(fromHeader.0 == .ok && fromHeader.1 == "session")
                for value in ["-9223372036854775808", "9223372036854775808", "-1"] {
                    let refused = try await api.send(.get, "/v1/sessions/s1/events?after=\(value)")
                    #expect(refused.status == .unprocessableContent, "after=\(value)")
                }
                let items = try await api.send(.get, "/v1/sessions/s1/items")
                #expect(items.object["items"]?.arrayCount == 1, "the server is still up")
            }
        }
    }
}

import AgentSessions
import AgentSessionsServer
import HTTPTypes
import InMemoryLogging
import Logging
import Testing

/// Every answer carries `X-Request-Id` (the caller's valid one, else a new one), and the
/// request's log line at info names the method, route, status and duration, with the id.
@Suite struct RequestIDTests {
    static let field = HTTPField.Name("X-Request-Id")!

    @Test func aValidIDIsEchoedAndAnyOtherIsReplaced() async throws {
        try await TestAPI().test { api in
            let given = try await api.send(.get, "/healthz", headers: [Self.field: "req-1.a_b:C"])
            #expect(given.headers[Self.field] == "req-1.a_b:C")

            var seen: Set<String> = []
            for invalid in ["", "has space", String(repeating: "x", count: 129), "é"] {
                let answer = try await api.send(.get, "/healthz", headers: [Self.field: invalid])
                let id = try #require(answer.headers[Self.field], "'\(invalid)' gets an id")
                #expect(id != invalid && !id.isEmpty && id.count <= 128, "'\(invalid)' replaced by '\(id)'")
                seen.insert(id)
            }
            let none = try await api.send(.get, "/healthz")
            seen.insert(try #require(none.headers[Self.field]))
            #expect(seen.count == 5, "each new id is different: \(seen)")
        }
    }

    @Test func errorAnswersCarryTheIDToo() async throws {
        try await TestAPI().test { api in
            let missing = try await api.send(.get, "/v1/sessions/nope", headers: [Self.field: "lost-1"])
            #expect(missing.status == .notFound)
            #expect(missing.headers[Self.field] == "lost-1")
            let wrongMethod = try await api.send(.put, "/healthz", headers: [Self.field: "put-1"])
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[Self.field] == "put-1")
            let badBody = try await api.send(.post, "/v1/sessions", "{", headers: [Self.field: "bad-1"])
            #expect(badBody.status.code == 400)
            #expect(badBody.headers[Self.field] == "bad-1")
        }
    }

    @Test func eachRequestIsOneInfoLineWithItsRouteStatusDurationAndID() async throws {
        let log = InMemoryLogHandler()
        let api = TestAPI(logger: Logger(label: "test", factory: { _ in log }))
        try await api.test { api in
            try await api.send(.post, "/v1/sessions", #"{"id":"s1"}"#, headers: [Self.field: "create-1"])
            try await api.send(.get, "/v1/sessions/s1", headers: [Self.field: "read-1"])
            try await api.send(.get, "/v1/sessions/s2", headers: [Self.field: "read-2"])
        }
        let lines = log.entries.filter { $0.message.description == "request" }
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.allSatisfy { $0.level == .info })
        let fields = lines.map { line in line.metadata.mapValues { "\($0)" } }
        #expect(fields.map { $0["agent_sessions.request.id"] } == ["create-1", "read-1", "read-2"])
        #expect(fields.map { $0["http.request.method"] } == ["POST", "GET", "GET"])
        #expect(fields.map { $0["http.route"] } == ["/v1/sessions", "/v1/sessions/{id}", "/v1/sessions/{id}"])
        #expect(fields.map { $0["http.response.status_code"] } == ["201", "200", "404"])
        for field in fields {
            let duration = try #require(field["duration_ms"].flatMap(Double.init), "\(field)")
            #expect(duration >= 0 && duration < 60_000)
        }
    }
}

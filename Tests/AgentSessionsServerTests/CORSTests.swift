import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Testing

/// `--cors-origin`: preflights and answers of the configured origins carry CORS headers;
/// other origins get none.
@Suite struct CORSTests {
    static let allowed = "https://app.example.com"

    @Test func aConfiguredOriginIsAnsweredAndOthersAreNot() async throws {
        let configuration = ServerConfiguration(corsOrigins: [Self.allowed, "http://localhost:3000"])
        try await TestAPI(configuration: configuration).test { api in
            let preflight = try await api.send(
                .options,
                "/v1/sessions/s1",
                headers: [
                    .origin: Self.allowed, .accessControlRequestMethod: "PATCH",
                    .accessControlRequestHeaders: "if-match, content-type",
                ]
            )
            #expect(preflight.status.code < 300, "\(preflight.status)")
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.allowed)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("if-match") == true)

            let created = try await api.send(.post, "/v1/sessions", #"{"id":"s1"}"#, headers: [.origin: Self.allowed])
            #expect(created.status == .created)
            #expect(created.headers[.accessControlAllowOrigin] == Self.allowed)
            #expect(created.headers[.accessControlExposeHeaders]?.contains("ETag") == true)
            #expect(created.headers[.vary]?.contains("Origin") == true)

            let other = "https://evil.example.net"
            let refused = try await api.send(
                .options,
                "/v1/sessions/s1",
                headers: [.origin: other, .accessControlRequestMethod: "PATCH"]
            )
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            let read = try await api.send(.get, "/v1/sessions/s1", headers: [.origin: other])
            #expect(read.status == .ok)
            #expect(read.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func withoutOriginsNoAnswerCarriesCORSHeaders() async throws {
        try await TestAPI().test { api in
            let answer = try await api.send(.get, "/healthz", headers: [.origin: Self.allowed])
            #expect(answer.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func anOriginWithAPathOrAWildcardIsRefusedAtStartUp() {
        for bad in ["https://app.example.com/", "https://app.example.com/path", "*", "app.example.com", "ftp://x"] {
            #expect(throws: ServerConfigurationError.self, "\(bad)") {
                try ServerConfiguration(corsOrigins: [bad]).validate()
            }
        }
        #expect(throws: Never.self) {
            try ServerConfiguration(corsOrigins: ["https://app.example.com", "http://[::1]:8080"]).validate()
        }
    }
}

import AgentSessions
import AgentSessionsAgents
import AgentSessionsIdempotency
import AgentSessionsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The OpenAPI document and the router cannot drift apart: every route is documented, and every
/// documented operation exists and answers with a documented status.
@Suite struct OpenAPIDocumentTests {
    /// One request per documented operation, in an order that keeps `s1` alive until its delete.
    static let samples: [(operation: String, uri: String, body: String?)] = [
        ("GET /healthz", "/healthz", nil),
        ("GET /openapi.yaml", "/openapi.yaml", nil),
        ("GET /", "/", nil),
        ("GET /inspector/{file}", "/inspector/app.js", nil),
        ("GET /metrics", "/metrics", nil),
        ("POST /v1/sessions", "/v1/sessions", #"{"id":"s1"}"#),
        ("GET /v1/sessions", "/v1/sessions?limit=5&tag=vip&sort=created_at&fields=id,title", nil),
        ("GET /v1/sessions/count", "/v1/sessions/count?metadata.customer=acme", nil),
        ("GET /v1/sessions/{id}", "/v1/sessions/s1", nil),
        ("PUT /v1/sessions/{id}", "/v1/sessions/s9", #"{"user_id":"ana"}"#),
        ("PATCH /v1/sessions/{id}", "/v1/sessions/s1", #"{"phase":"planning"}"#),
        ("POST /v1/sessions/{id}/items", "/v1/sessions/s1/items", #"{"content":{"n":1},"tokens":3,"pinned":true}"#),
        ("GET /v1/sessions/{id}/items", "/v1/sessions/s1/items", nil),
        ("GET /v1/sessions/{id}/items/pinned", "/v1/sessions/s1/items/pinned", nil),
        ("POST /v1/sessions/{id}/fork", "/v1/sessions/s1/fork", "{}"),
        (
            "POST /v1/sessions/{id}/compactions", "/v1/sessions/s1/compactions",
            #"{"summary":{"role":"system","content":"Summary: n is 1"},"last_seq":1}"#
        ),
        ("GET /v1/sessions/{id}/compactions", "/v1/sessions/s1/compactions", nil),
        ("GET /v1/sessions/{id}/context", "/v1/sessions/s1/context?max_tokens=100&pin=1", nil),
        ("GET /v1/sessions/{id}/tokens", "/v1/sessions/s1/tokens?context_window=1000", nil),
        ("DELETE /v1/sessions/{id}/items/last", "/v1/sessions/s1/items/last", nil),
        ("DELETE /v1/sessions/{id}/items", "/v1/sessions/s1/items", nil),
        ("POST /v1/sessions/{id}/errors", "/v1/sessions/s1/errors", #"{"message":"boom"}"#),
        ("GET /v1/sessions/{id}/resume", "/v1/sessions/s1/resume", nil),
        ("POST /v1/sessions/{id}/children", "/v1/sessions/s1/children", "{}"),
        ("POST /v1/sessions/{id}/finalize", "/v1/sessions/s1/finalize", #"{"outcome":"completed"}"#),
        (
            "POST /v1/import/sessions", "/v1/import/sessions",
            #"{"id":"s2","app":"default","phase":"initializing","created_at":"2026-01-01T00:00:00.000000Z","#
                + #""updated_at":"2026-01-01T00:00:00.000000Z","version":1,"last_sequence":0}"#
        ),
        (
            "POST /v1/import/sessions/{id}/items", "/v1/import/sessions/s1/items",
            #"{"items":[{"seq":1,"item_id":null,"created_at":"2026-01-01T00:00:00.000000Z","content":{"n":1}}]}"#
        ),
        ("POST /v1/import/sessions/{id}/compactions", "/v1/import/sessions/s1/compactions", #"{"compactions":[]}"#),
        ("GET /v1/stats", "/v1/stats", nil),
        ("POST /v1/cleanup", "/v1/cleanup?hours=1", nil),
        ("POST /v1/chat/{id}", "/v1/chat/c1", #"{"message":"hello"}"#),
        ("POST /v1/chat/{id}/compact", "/v1/chat/c1/compact", "{}"),
        ("DELETE /v1/sessions/{id}", "/v1/sessions/s1", nil),
    ]

    /// Operations whose answers never end on their own: `EventsTests` reads them over a live
    /// connection and checks their statuses against the document.
    static let streamed: Set<String> = ["GET /v1/sessions/{id}/events"]

    @Test func everyRouteIsDocumentedAndEveryOperationExists() throws {
        let router = makeRouter(
            configuration: ServerConfiguration(),
            store: InMemorySessionStore(),
            idempotency: InMemoryIdempotencyStore(),
            routes: [ChatRoutes()]
        ).router
        let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = Set(OpenAPIOperations(OpenAPIDocument.template).statuses.keys)
        #expect(routes == documented)
        #expect(Set(Self.samples.map(\.operation)).union(Self.streamed) == documented)
    }

    @Test func aServerWithoutChatRoutesDocumentsNoChat() async throws {
        let router = makeRouter(
            configuration: ServerConfiguration(),
            store: InMemorySessionStore(),
            idempotency: InMemoryIdempotencyStore()
        ).router
        let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        try await Application(router: router).test(.router) { client in
            let response = try await client.executeRequest(uri: "/openapi.yaml", method: .get, headers: [:], body: nil)
            let served = String(buffer: response.body)
            let documented = Set(OpenAPIOperations(served).statuses.keys)
            #expect(routes == documented)
            #expect(!routes.contains("POST /v1/chat/{id}") && !routes.contains("POST /v1/chat/{id}/compact"))
            #expect(!served.contains("AGENT_NAMES"))
        }
    }

    @Test func everyOperationAnswersWithADocumentedStatus() async throws {
        let statuses = OpenAPIOperations(OpenAPIDocument.template).statuses
        try await TestAPI().test { api in
            for sample in Self.samples {
                let method = HTTPRequest.Method(rawValue: String(sample.operation.split(separator: " ")[0]))!
                let response = try await api.send(method, sample.uri, sample.body)
                let allowed = statuses[sample.operation] ?? []
                #expect(allowed.contains(response.status.code), "\(sample.operation) answered \(response.status.code)")
                #expect(response.status.code < 300, "\(sample.operation): \(response.text)")
            }
        }
    }

    @Test func failuresAnswerWithDocumentedStatuses() async throws {
        let statuses = OpenAPIOperations(OpenAPIDocument.template).statuses
        try await TestAPI().test { api in
            for sample in Self.samples where sample.uri.contains("/s1") {
                let method = HTTPRequest.Method(rawValue: String(sample.operation.split(separator: " ")[0]))!
                let missing = try await api.send(
                    method,
                    sample.uri.replacingOccurrences(of: "/s1", with: "/nope"),
                    sample.body
                )
                #expect(missing.status == .notFound, "\(sample.operation): \(missing.text)")
                let malformed = try await api.send(method, sample.uri, sample.body == nil ? nil : "{")
                let allowed = statuses[sample.operation] ?? []
                #expect(allowed.contains(missing.status.code), "\(sample.operation) answered \(missing.status.code)")
                #expect(
                    allowed.contains(malformed.status.code),
                    "\(sample.operation) answered \(malformed.status.code)"
                )
            }
        }
    }

    @Test func theDocumentIsServed() async throws {
        try await TestAPI().test { api in
            let response = try await api.send(.get, "/openapi.yaml")
            #expect(response.text.hasPrefix("openapi: 3.1.0"))
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
        }
    }
}

/// The operations of the document and their response statuses, read from its layout
/// (paths at 2 spaces, methods at 4, statuses at 8).
struct OpenAPIOperations {
    var statuses: [String: Set<Int>] = [:]

    init(_ yaml: String) {
        var path: String?
        var operation: String?
        var inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let word = line.dropFirst(4).prefix { $0 != ":" }
                if ["get", "post", "patch", "delete", "put"].contains(word) {
                    operation = "\(word.uppercased()) \(path)"
                    statuses[operation!] = []
                } else {
                    operation = nil
                }
            } else if line.hasPrefix("        '"), !line.hasPrefix("         "), let operation {
                if let code = Int(line.dropFirst(9).prefix(3)) { statuses[operation, default: []].insert(code) }
            }
        }
    }
}

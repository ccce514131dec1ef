import AgentSessions
import AgentSessionsServer
import HTTPTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// What the server does with a connection, byte by byte over a real socket: pipelined requests
/// before a malformed one, bodies over the limit, requests sent too slowly.
@Suite(.timeLimit(.minutes(5))) struct ConnectionTests {
    /// How long a test waits for an answer or a close that should come at once: far longer
    /// than it takes, far shorter than the idle timeout of the servers below.
    static let prompt: Duration = .seconds(60)

    @Test func requestsPipelinedBeforeAMalformedOneAreAnsweredInOrderFirst() async throws {
        let api = TestAPI(configuration: ServerConfiguration(port: 0, idleTimeout: .seconds(300)))
        try await api.test(.live) { client in
            let port = try #require(client.client.port)
            _ = try await client.createSession(#"{"id": "piped"}"#)
            let count = 5
            var bytes: [UInt8] = []
            for number in 1...count {
                bytes += RawHTTPConnection.request(
                    "POST",
                    target: Array("/v1/sessions/piped/items".utf8),
                    headers: ["Content-Type: application/json"],
                    body: Array(#"{"content": {"n": \#(number)}}"#.utf8)
                )
            }
            bytes += Array("GET /v1/sessions/".utf8) + [0xFF] + Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            try await RawHTTPConnection.withConnection(port: port) { connection in
                try await connection.write(bytes)
                for number in 1...count {
                    let answer = try #require(
                        try await connection.readAnswer(within: Self.prompt),
                        "POST \(number) of \(count): the connection closed without its answer"
                    )
                    #expect(answer.status == 201, "POST \(number) answered \(answer.status): \(answer.text)")
                    let sequences = try JSONObject(parsingObject: answer.text, field: "answer")["sequences"]
                    #expect(sequences == [.int(Int64(number))], "POST \(number): \(answer.text)")
                }
                let refused = try #require(
                    try await connection.readAnswer(within: Self.prompt),
                    "the malformed request got no answer"
                )
                #expect(refused.status == 400)
                #expect(Self.errorCode(refused) == "malformed_request", "\(refused.text)")
                try await connection.waitUntilClosed(within: Self.prompt)
            }
            let items = try await client.send(.get, "/v1/sessions/piped/items")
            guard case .array(let stored)? = items.object["items"] else {
                Issue.record("no items: \(items.text)")
                return
            }
            #expect(stored.map { $0.objectValue?["content"]?.objectValue?["n"] } == (1...count).map { .int(Int64($0)) })
        }
    }

    @Test(arguments: [false, true])
    func aBodyOverTheLimitIsAnswered413AndItsConnectionClosedAtOnce(saysClose: Bool) async throws {
        let configuration = ServerConfiguration(port: 0, bodyLimit: 1024, idleTimeout: .seconds(300))
        try await TestAPI(configuration: configuration).test(.live) { client in
            let port = try #require(client.client.port)
            let request = RawHTTPConnection.request(
                "POST",
                target: Array("/v1/sessions".utf8),
                headers: ["Content-Type: application/json"] + (saysClose ? ["Connection: close"] : []),
                body: Array(repeating: UInt8(ascii: "x"), count: 1025)
            )
            try await RawHTTPConnection.withConnection(port: port) { connection in
                try await connection.write(request)
                let answer = try #require(
                    try await connection.readAnswer(within: Self.prompt),
                    "closed without an answer"
                )
                #expect(answer.status == 413, "\(answer.text)")
                #expect(Self.errorCode(answer) == "body_too_large", "\(answer.text)")
                #expect(answer.headers["connection"] == "close")
                try await connection.waitUntilClosed(within: Self.prompt)
            }
            #expect(try await client.send(.get, "/v1/stats").object["session_count"] == 0)
        }
    }

    /// A request whose head or body comes one byte every half second is cut off at the request
    /// timeout (2 seconds), though it is never silent long enough for the idle timeout (60).
    @Test(arguments: [TrickledPart.head, .body])
    func aRequestSentTooSlowlyIsCutOffAtTheRequestTimeout(trickled: TrickledPart) async throws {
        let configuration = ServerConfiguration(port: 0, idleTimeout: .seconds(300), requestTimeout: .seconds(2))
        try await TestAPI(configuration: configuration).test(.live) { client in
            let port = try #require(client.client.port)
            let body = Array(#"{"id": "slow", "metadata": {"note": "\#(String(repeating: "x", count: 400))"}}"#.utf8)
            let head = RawHTTPConnection.request(
                "POST",
                target: Array("/v1/sessions".utf8),
                headers: ["Content-Type: application/json", "Content-Length: \(body.count)"]
            )
            try await RawHTTPConnection.withConnection(port: port) { connection in
                // Sent whole, this takes more than 200 seconds.
                let answer =
                    switch trickled {
                    case .head:
                        try await connection.trickle(
                            after: [],
                            body: head + body,
                            every: .milliseconds(500),
                            within: .seconds(60)
                        )
                    case .body:
                        try await connection.trickle(
                            after: head,
                            body: body,
                            every: .milliseconds(500),
                            within: .seconds(60)
                        )
                    }
                let timedOut = try #require(answer, "closed without an answer")
                #expect(timedOut.status == 408, "\(timedOut.text)")
                #expect(Self.errorCode(timedOut) == "request_timeout", "\(timedOut.text)")
                try await connection.waitUntilClosed(within: Self.prompt)
            }
            #expect(try await client.send(.get, "/v1/sessions/slow").status == .notFound)
        }
    }

    /// Which part of a request a test sends slowly.
    enum TrickledPart: Sendable, CaseIterable {
        case head, body
    }

    /// The `code` of an error answer's JSON.
    static func errorCode(_ answer: RawHTTPAnswer) -> String? {
        let object = try? JSONObject(parsingObject: answer.text, field: "answer")
        return object?["error"]?.objectValue?["code"]?.stringValue
    }
}

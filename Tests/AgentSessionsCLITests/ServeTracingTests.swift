import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Synchronization
import Testing

/// Issue 18: `serve --otlp-endpoint` sends its spans by OTLP over HTTP: the request's span
/// continues the caller's `traceparent`, store calls and model calls are its children, and the
/// attributes name the route, the app and the session, never the content or the key.
@Suite(.timeLimit(.minutes(10))) struct ServeTracingTests {
    static let apiKey = "5e55f00dcafe5e55f00dcafe"
    static let content = "the-secret-content-of-an-item"
    static let authorization = ("Authorization", "Bearer \(apiKey)")

    /// Posts `body` to `path` with the key, in the caller's `trace` when one is given.
    private static func post(_ path: String, _ body: String, port: Int, trace: Trace? = nil) async throws -> HTTPAnswer
    {
        let traceparent = trace.map { [("traceparent", "00-\($0.traceID)-\($0.parentID)-01")] } ?? []
        return try await HTTPTestClient.send(
            port: port,
            .POST,
            path,
            body: body,
            headers: [authorization] + traceparent
        )
    }

    /// Appends one item carrying ``content`` to the session `traced`, in the caller's `trace`.
    private static func appendItem(port: Int, trace: Trace) async throws -> HTTPAnswer {
        try await post(
            "/v1/sessions/traced/items",
            #"{"items": [{"content": {"role": "user", "text": "\#(content)"}}]}"#,
            port: port,
            trace: trace
        )
    }

    @Test func spansOfAnAppendAndAChatTurnReachTheCollectorWithTheirParentage() async throws {
        let receiver = OTLPReceiver()
        let spans = try await ScriptedServer.with(receiver.serve) { collectorPort in
            let folder = try CLIRunner()
            let keys = folder.directory.appendingPathComponent("keys.txt").path
            try "ops=\(Self.apiKey)\n".write(toFile: keys, atomically: true, encoding: .utf8)
            let server = try await ServeProcess.start(
                [
                    "--db", folder.databasePath, "--keys-file", keys, "--otlp-endpoint",
                    "http://127.0.0.1:\(collectorPort)/",
                ],
                environment: ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/json", "OTEL_BSP_SCHEDULE_DELAY": "100"]
            )
            let append = try await Self.appendItem(port: server.port, trace: Trace.append)
            #expect(append.status == .notFound, "no session yet: the store call fails inside the span")
            let create = try await Self.post("/v1/sessions", #"{"id": "traced"}"#, port: server.port)
            #expect(create.status == .created, "\(create.text)")
            let appended = try await Self.appendItem(port: server.port, trace: Trace.appended)
            #expect(appended.status == .created, "\(appended.text)")
            let chat = try await Self.post(
                "/v1/chat/talk",
                #"{"message": "\#(Self.content)"}"#,
                port: server.port,
                trace: Trace.chat
            )
            #expect(chat.status == .ok, "\(chat.text)")
            // A graceful stop sends the spans still batched.
            #expect(try await server.terminate() == 0)
            return try receiver.spans()
        }

        let failedAppend = try #require(spans.server(in: Trace.append))
        #expect(failedAppend.attributes["http.response.status_code"] == "404")
        let failedStore = try #require(spans.child(named: "store.append", of: failedAppend))
        #expect(failedStore.statusCode == 2, "a failed store call's span has status error")

        let request = try #require(spans.server(in: Trace.appended))
        #expect(request.parentSpanID == Trace.appended.parentID, "the request continues the caller's trace")
        #expect(request.name == "/v1/sessions/{id}/items")
        #expect(request.attributes["http.route"] == "/v1/sessions/{id}/items")
        #expect(request.attributes["http.response.status_code"] == "201")
        #expect(request.attributes["http.response.header.x_request_id"]?.isEmpty == false)
        let store = try #require(spans.child(named: "store.append", of: request))
        #expect(store.attributes["agent_sessions.app"] == "ops")
        #expect(store.attributes["agent_sessions.session_id"] == "traced")
        #expect(store.attributes["agent_sessions.operation"] == "append")

        let turn = try #require(spans.server(in: Trace.chat))
        #expect(turn.attributes["http.route"] == "/v1/chat/{id}")
        let model = try #require(spans.all.first { $0.parentSpanID == turn.spanID && $0.name.hasPrefix("chat ") })
        #expect(model.attributes["gen_ai.operation.name"] == "chat")
        #expect(model.attributes["gen_ai.provider.name"] == "offline")
        #expect(model.attributes["agent_sessions.agent"] == "assistant")
        #expect(model.attributes["agent_sessions.app"] == "ops")
        #expect(model.attributes["agent_sessions.session_id"] == "talk")
        let chatAppend = try #require(spans.child(named: "store.append", of: turn))
        #expect(chatAppend.attributes["agent_sessions.session_id"] == "talk")
        #expect(chatAppend.startNanoseconds >= model.endNanoseconds, "the turn is stored after the model answers")

        for span in spans.all {
            for (name, value) in span.attributes {
                #expect(!value.contains(Self.content), "span \(span.name) attribute \(name) holds content")
                #expect(!value.contains(Self.apiKey), "span \(span.name) attribute \(name) holds the key")
            }
        }
        #expect(spans.serviceNames == ["agent-sessions"])
    }
}

/// The trace and parent span a test's request names in its `traceparent`.
private struct Trace {
    let traceID: String
    let parentID: String

    static let append = Trace(traceID: "0af7651916cd43dd8448eb211c80319c", parentID: "b7ad6b7169203331")
    static let appended = Trace(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", parentID: "00f067aa0ba902b7")
    static let chat = Trace(traceID: "5cf92f3577b34da6a3ce929d0e0e4737", parentID: "01f067aa0ba902b8")
}

/// One span as OTLP/JSON carries it.
private struct ReceivedSpan {
    var traceID: String
    var spanID: String
    var parentSpanID: String
    var name: String
    var kind: Int64
    var statusCode: Int64
    var startNanoseconds: UInt64
    var endNanoseconds: UInt64
    /// Every attribute's value as text.
    var attributes: [String: String]
}

/// The spans a collector received.
private struct ReceivedSpans {
    var all: [ReceivedSpan]
    /// The `service.name` of every resource that sent spans.
    var serviceNames: Set<String>

    /// The server span (kind 2) of a trace.
    func server(in trace: Trace) -> ReceivedSpan? {
        all.first { $0.traceID == trace.traceID && $0.kind == 2 }
    }

    /// A span of this name whose parent is `parent`, in the same trace.
    func child(named name: String, of parent: ReceivedSpan) -> ReceivedSpan? {
        all.first { $0.name == name && $0.parentSpanID == parent.spanID && $0.traceID == parent.traceID }
    }
}

/// A collector of traces speaking OTLP over HTTP (JSON): it keeps every `POST /v1/traces`
/// body and answers each with an empty `ExportTraceServiceResponse`.
private final class OTLPReceiver: Sendable {
    private let bodies = Mutex<[String]>([])

    /// Serves one connection of the scripted server.
    var serve: @Sendable (RawHTTPConnection, Int) async throws -> Void {
        { [self] connection, _ in
            while let request = try await connection.readMessage(isRequest: true) {
                if request.startLine.hasPrefix("POST /v1/traces ") {
                    self.bodies.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
                    try await connection.write(
                        Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".utf8)
                    )
                } else {
                    try await connection.write(Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8))
                }
            }
        }
    }

    /// Every span received so far.
    func spans() throws -> ReceivedSpans {
        var spans = ReceivedSpans(all: [], serviceNames: [])
        for body in bodies.withLock({ $0 }) {
            let export = try JSONObject(parsingObject: body, field: "export")
            for resourceSpans in export["resourceSpans"].map(Self.elements) ?? [] {
                let resource = resourceSpans.objectValue?["resource"]?.objectValue ?? [:]
                if let name = Self.attributes(resource["attributes"])["service.name"] {
                    spans.serviceNames.insert(name)
                }
                for scope in resourceSpans.objectValue?["scopeSpans"].map(Self.elements) ?? [] {
                    for span in scope.objectValue?["spans"].map(Self.elements) ?? [] {
                        guard let span = span.objectValue else { continue }
                        spans.all.append(
                            ReceivedSpan(
                                traceID: Self.hexID(span["traceId"]),
                                spanID: Self.hexID(span["spanId"]),
                                parentSpanID: Self.hexID(span["parentSpanId"]),
                                name: span["name"]?.stringValue ?? "",
                                kind: span["kind"]?.intValue ?? 0,
                                statusCode: span["status"]?.objectValue?["code"]?.intValue ?? 0,
                                startNanoseconds: UInt64(span["startTimeUnixNano"]?.stringValue ?? "") ?? 0,
                                endNanoseconds: UInt64(span["endTimeUnixNano"]?.stringValue ?? "") ?? 0,
                                attributes: Self.attributes(span["attributes"])
                            )
                        )
                    }
                }
            }
        }
        return spans
    }

    /// The elements of a JSON array; none for anything else.
    private static func elements(_ value: JSONValue) -> [JSONValue] {
        if case .array(let elements) = value { return elements }
        return []
    }

    /// An id as lower-case hex, whether it came as hex (OTLP/JSON) or base64 (protobuf's JSON).
    private static func hexID(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue, !text.isEmpty else { return "" }
        if text.count == 32 || text.count == 16, text.allSatisfy(\.isHexDigit) { return text.lowercased() }
        guard let bytes = Data(base64Encoded: text) else { return text }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// OTLP's list of `{key, value: {stringValue | intValue | …}}` as text by key.
    private static func attributes(_ value: JSONValue?) -> [String: String] {
        var attributes: [String: String] = [:]
        for entry in value.map(Self.elements) ?? [] {
            guard let key = entry.objectValue?["key"]?.stringValue,
                let typed = entry.objectValue?["value"]?.objectValue?.first?.value
            else { continue }
            switch typed {
            case .string(let text): attributes[key] = text
            case .int(let number): attributes[key] = String(number)
            case .double(let number): attributes[key] = String(number)
            case .bool(let flag): attributes[key] = String(flag)
            default: attributes[key] = "\(typed)"
            }
        }
        return attributes
    }
}

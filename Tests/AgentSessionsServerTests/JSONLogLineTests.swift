import AgentSessions
import AgentSessionsServer
import Logging
import Testing

/// `--log-format json`: one JSON object a line, metadata keys as fields of their own.
@Suite struct JSONLogLineTests {
    @Test func aLineIsOneObjectWithMillisecondsAndMetadataAsFields() throws {
        let time = Timestamp(microsecondsSinceEpoch: 1_796_000_000_123_456)
        let text = JSONLogLine.text(
            time: time,
            level: .warning,
            label: "agent-sessions",
            message: "quote \" and\nnewline",
            source: "AgentSessionsServer",
            metadata: [
                "http.route": "/v1/sessions/{id}", "count": .stringConvertible(3),
                "nested": .dictionary(["a": .array(["x", "y"])]), "message": "a clash", "time": "another",
            ]
        )
        #expect(!text.contains("\n"), "one line")
        let object = try JSONObject(parsingObject: text, field: "line")
        #expect(object["time"]?.stringValue == String(time.iso8601.dropLast(4)) + "Z", "milliseconds: .123Z")
        #expect(object["level"] == "warning")
        #expect(object["label"] == "agent-sessions")
        #expect(object["message"] == "quote \" and\nnewline")
        #expect(object["source"] == "AgentSessionsServer")
        #expect(object["http.route"] == "/v1/sessions/{id}")
        #expect(object["count"] == "3")
        #expect(object["nested"] == .object(["a": .array(["x", "y"])]))
        #expect(object["metadata.message"] == "a clash")
        #expect(object["metadata.time"] == "another")
    }
}

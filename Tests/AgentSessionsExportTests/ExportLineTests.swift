import AgentSessions
import AgentSessionsExport
import AgentSessionsTesting
import Foundation
import Testing

/// The lines of the export format: their exact text, and every way a line can be refused.
@Suite("ExportLine")
struct ExportLineTests {
    static let start = Timestamp(microsecondsSinceEpoch: 1_700_000_000_123_456)

    /// A session with every field set.
    static let session = ExportSamples.session("s-1", parent: "root")

    private func item(_ text: String, id: String? = nil) throws -> SessionItem {
        SessionItem(sequence: 3, itemID: id, createdAt: Self.start, content: try JSONDocument(validating: text))
    }

    @Test func formatLineIsFixed() throws {
        let text = ExportLine.format(version: ExportFormat.version).text
        #expect(text == #"{"name":"agent-sessions","type":"format","version":3}"#)
        #expect(try ExportLine(parsing: text) == .format(version: 3))
    }

    @Test func sessionLineKeepsEveryField() throws {
        let text = ExportLine.session(Self.session).text
        #expect(!text.contains("\n"), "one line")
        #expect(!text.contains("duration_seconds"), "derived values are not written")
        #expect(text.hasPrefix(#"{"agent":"planner","app":"default","created_at":"2023-11-14T22:13:20.123456Z","#))
        #expect(try ExportLine(parsing: text) == .session(Self.session), "every field and JSON type comes back")
        let spaced = try JSONValue(parsing: text).prettyJSONText.replacingOccurrences(of: "\n", with: " ")
        #expect(try ExportLine(parsing: spaced) == .session(Self.session), "blanks between tokens are fine")
    }

    @Test func minimalSessionLineTakesDefaults() throws {
        let text =
            #"{"type":"session","id":"m","app":"default","phase":"planning","#
            + #""created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:01+01:00","version":1,"last_sequence":0}"#
        let line = try ExportLine(parsing: text)
        guard case .session(let session) = line else {
            Issue.record("expected a session, got \(line)")
            return
        }
        #expect(session.userID == "" && session.agentName == "" && session.kind == .persistent)
        #expect(session.state == [:] && session.phaseHistory == [] && session.outcome == nil)
        #expect(session.updatedAt.iso8601 == "2025-12-31T23:00:01.000000Z", "offsets are applied")
    }

    @Test func itemLineKeepsTheTextByteForByte() throws {
        let compact = try item(#"{"role":"user","n":1.50}"#, id: "m-1")
        #expect(
            ExportLine.item(compact).text
                == #"{"content":{"role":"user","n":1.50},"created_at":"2023-11-14T22:13:20.123456Z","#
                + #""item_id":"m-1","seq":3,"type":"item"}"#
        )
        for text in ["{\n  \"role\": \"tool\"\r\n}", #"  {"padded":true} "#, #"{"a":"line\u2028sep"}"#] {
            let original = try item(text)
            let line = ExportLine.item(original).text
            #expect(!line.contains("\n") && !line.contains("\r"), "one line for \(text)")
            #expect(try ExportLine(parsing: line) == .item(original), "the text comes back exactly: \(text)")
        }
        #expect(ExportLine.item(try item("{\n}")).text.contains(#""content_text":"{\n}""#))
    }

    @Test func itemLinesReadInOnePassAsTheGeneralReadingDoes() throws {
        let lines = [
            ExportLine.item(try item(#"{"role":"user","n":1.50}"#, id: "m-1")).text,
            ExportLine.item(try item(#"{"role":"user","nested":{"a":[1,{"b":null}]}}"#)).text,
            ExportLine.item(try item("{\n  \"role\": \"tool\"\r\n}")).text,
            #"{ "type" : "item", "seq": 7, "content": {"x": "\u00e9"}, "created_at": "2026-01-01T00:00:00+02:00" }"#,
            #"{"seq":1,"item_id":null,"content_text":"{\"a\":1}","type":"item","created_at":"2026-01-01T00:00:00Z"}"#,
        ]
        for line in lines {
            let fast = try #require(
                SessionItem.tagged(json: line, key: "type", value: "item", kind: "item line"),
                "a well-formed item line takes the fast path: \(line)"
            )
            let general = try SessionItem(
                jsonMembers: JSONParser.uniqueMemberTexts(of: line, what: "line"),
                allowing: ["type"],
                kind: "item line"
            )
            #expect(fast == general, "\(line)")
            #expect(try ExportLine(parsing: line) == .item(general))
        }
        let others = [
            ExportLine.format(version: 1).text, ExportLine.session(Self.session).text,
            #"{"type":"item","type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{}}"#,
            #"{"type":"items","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{}}"#,
            #"{"type":1,"seq":1,"created_at":"2026-01-01T00:00:00Z","content":{}}"#,
            #"{"seq":1,"created_at":"2026-01-01T00:00:00Z","content":{}}"#,
            #"{"type":"item","seq":1,"seq":2,"created_at":"2026-01-01T00:00:00Z","content":{}}"#,
            #"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{},"extra":1}"#,
            #"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{"a":1,"a":2}}"#,
            #"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{}} x"#,
        ]
        for line in others {
            #expect(
                SessionItem.tagged(json: line, key: "type", value: "item", kind: "item line") == nil,
                "not a valid item line, left to the general reading: \(line)"
            )
        }
    }

    @Test func refusesMalformedLines() {
        let refused: [(String, String)] = [
            ("not json", "line"),
            (#"[1,2]"#, "line"),
            (#"{"type":"item","type":"item"}"#, "type"),
            (#"{"seq":1}"#, "type"),
            (#"{"type":"note"}"#, "type"),
            (#"{"type":"format","name":"other","version":1}"#, "name"),
            (#"{"type":"format","name":"agent-sessions","version":"1"}"#, "version"),
            (#"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z"}"#, "content"),
            (#"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":[1]}"#, "content"),
            (
                #"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{},"content_text":"{}"}"#,
                "content"
            ),
            (#"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content_text":"{bad"}"#, "content_text"),
            (#"{"type":"item","seq":1.0,"created_at":"2026-01-01T00:00:00Z","content":{}}"#, "seq"),
            (#"{"type":"item","seq":1,"created_at":"yesterday","content":{}}"#, "created_at"),
            (#"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{},"item_id":"a b"}"#, "item_id"),
            (#"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{},"extra":1}"#, "extra"),
            (#"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{"a":1,"a":2}}"#, "line"),
            (#"{"type":"session","id":"..","app":"default"}"#, "id"),
            (#"{"type":"session","id":"s","app":"default","phase":"planning"}"#, "created_at"),
            (#"{"type":"session","id":"s","app":"a/b","phase":"x"}"#, "app"),
        ]
        for (text, field) in refused { expectRefused(text, field: field) }
    }

    @Test func sessionFieldsMustHaveTheirTypes() {
        let base = ExportLine.session(Self.session).text
        let swaps = [
            (#""version":42"#, #""version":"42""#, "version"),
            (#""resume_ready":false"#, #""resume_ready":0"#, "resume_ready"),
            (#""kind":"ephemeral""#, #""kind":"forever""#, "kind"),
            (#""error_count":2"#, #""error_count":-2.5"#, "error_count"),
            (#""metadata":{"#, #""metadata":[{"#, "line"),
            (#""history":[{"at""#, #""history":[{"x":1,"at""#, "history"),
        ]
        for (original, replacement, field) in swaps {
            #expect(base.contains(original), "the fixture has \(original)")
            expectRefused(base.replacingOccurrences(of: original, with: replacement), field: field)
        }
    }

    /// Expects a line to be refused as invalid, naming `field`.
    private func expectRefused(_ text: String, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let line = try ExportLine(parsing: text)
            Issue.record("\(text) was read as \(line)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .invalidArgument, "\(text)", sourceLocation: sourceLocation)
            #expect(error.field == field, "\(text): \(error.message)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
    }
}

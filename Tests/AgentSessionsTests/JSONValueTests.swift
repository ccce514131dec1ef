import AgentSessions
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func keepsNumberTypes() throws {
        let value = try JSONValue(parsing: #"{"i": 1, "d": 1.0, "e": 1e2, "b": true, "n": null, "neg": -0, "s": "x"}"#)
        #expect(
            value == [
                "i": .int(1), "d": .double(1.0), "e": .double(100), "b": .bool(true), "n": .null, "neg": .int(0),
                "s": "x",
            ]
        )
        #expect(value.jsonText == #"{"b":true,"d":1.0,"e":100.0,"i":1,"n":null,"neg":0,"s":"x"}"#)
    }

    @Test func roundTripsThroughText() throws {
        let original: JSONValue = [
            "text": "quote \" backslash \\ newline \n tab \t ctl \u{1} é 😀",
            "list": [1, 2.5, false, nil, ["deep": [[]]]],
            "big": .int(Int64.max), "small": .int(Int64.min), "empty": [:],
        ]
        #expect(try JSONValue(parsing: original.jsonText) == original)
        #expect(try JSONValue(parsing: original.prettyJSONText) == original)
    }

    @Test func decodesEscapes() throws {
        #expect(try JSONValue(parsing: #""\u00e9\ud83d\ude00\/\b\f""#) == .string("é😀/\u{8}\u{C}"))
    }

    @Test(arguments: [
        ("", "end of input"), ("{", "end of input"), (#"{"a":1,}"#, "string key"), ("[1,]", "unexpected character"),
        (#"{"a":1,"a":2}"#, "duplicate key"), ("123456789012345678901234567890", "64 bits"),
        ("01", "leading zero"), ("1.", "fraction"), ("tru", "end of input"), ("trux", "invalid literal"),
        (#""\x""#, "escape"),
        (#""\ud800""#, "surrogate"), ("\"a\u{1}\"", "control character"), ("{} {}", "after the JSON value"),
        ("NaN", "unexpected character"), ("1e999", "out of range"),
    ])
    func rejectsMalformedJSON(_ text: String, _ reason: String) {
        do {
            _ = try JSONValue(parsing: text, field: "body")
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "body")
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    /// Strings are scanned eight bytes at a time: a quote, escape, control character or
    /// non-ASCII byte is found at every offset within and across those words, whether the
    /// string is parsed or skipped (inside a document).
    @Test func specialBytesAreFoundAtEveryOffset() throws {
        for length in 0...24 {
            let plain = String(repeating: "a", count: length)
            #expect(try JSONValue(parsing: "\"\(plain)\"") == .string(plain))
            #expect(try JSONDocument(validating: #"{"k":"\#(plain)"}"#).object() == ["k": .string(plain)])
            for offset in 0...length {
                let before = String(plain.prefix(offset))
                let after = String(plain.dropFirst(offset))
                for (escaped, decoded) in [(#"\""#, "\""), (#"\\"#, "\\"), (#"\n"#, "\n"), ("é", "é"), ("😀", "😀")] {
                    let text = "\"" + before + escaped + after + "\""
                    #expect(try JSONValue(parsing: text) == .string(before + decoded + after), "\(text)")
                    #expect(
                        try JSONDocument(validating: "{\"k\":\(text)}").object() == [
                            "k": .string(before + decoded + after)
                        ]
                    )
                }
                let control = "\"" + before + "\u{1F}" + after + "\""
                #expect(throws: SessionStoreError(.invalidArgument, "")) { try JSONValue(parsing: control) }
                #expect(throws: SessionStoreError(.invalidArgument, "")) {
                    try JSONDocument(validating: "{\"k\":\(control)}")
                }
            }
        }
    }

    @Test func limitsNesting() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSONValue(parsing: fine)
    }

    @Test func documentKeepsTextExactly() throws {
        let text = #"{ "z" : 1.50 , "a" : [ ] }"#
        let document = try JSONDocument(validating: text)
        #expect(document.text == text)
        #expect(try document.object() == ["z": 1.5, "a": []])
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try JSONDocument(validating: "\"just a string\"") }
    }

    @Test func mergePatchRemovesNulls() {
        var object: JSONObject = ["a": 1, "b": 2]
        object.merge(patch: ["a": nil, "c": 3, "missing": nil])
        #expect(object == ["b": 2, "c": 3])
    }
}

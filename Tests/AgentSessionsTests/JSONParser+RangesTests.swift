import Testing

@testable import AgentSessions

@Suite struct JSONParserRangesTests {
    @Test func memberTextsAreTheExactBytes() throws {
        let members = try JSONParser.memberTexts(ofObject: #" { "a" : {"z": 1.50 } , "b":[ 1,2 ],"c":"x\"y" } "#)
        #expect(members.map(\.key) == ["a", "b", "c"])
        #expect(members.map(\.text) == [#"{"z": 1.50 }"#, "[ 1,2 ]", #""x\"y""#])
        #expect(try JSONParser.memberTexts(ofObject: "{}").isEmpty)
    }

    @Test func elementTextsAreTheExactBytes() throws {
        #expect(try JSONParser.elementTexts(ofArray: #"[ {"a":1} , 2.0,"é" ]"#) == [#"{"a":1}"#, "2.0", #""é""#])
        #expect(try JSONParser.elementTexts(ofArray: "[]").isEmpty)
    }

    @Test func elementTextsOfAMemberAreTheExactBytesInOnePass() throws {
        let text = #"{"next": null, "items": [ {"a" : 1} ,"x"], "other": [9]}"#
        #expect(try JSONParser.elementTexts(ofMember: "items", inObject: text) == [#"{"a" : 1}"#, #""x""#])
        #expect(try JSONParser.elementTexts(ofMember: "missing", inObject: text) == nil)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.elementTexts(ofMember: "next", inObject: text) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.elementTexts(ofMember: "items", inObject: "[1]") }
        #expect(throws: JSONSyntaxError.self) {
            try JSONParser.elementTexts(ofMember: "items", inObject: #"{"items":[1,{"a":1,"a":2}]}"#)
        }
    }

    @Test func aRepeatedKeyIsFoundAtAnyPositionOfAnObjectOfAnySize() throws {
        for count in [1, 2, 3, 4, 5, 8, 16, 17, 40] {
            let keys = (0..<count).map { "\"k\($0)\":\($0)" }
            let object = "{" + keys.joined(separator: ",") + "}"
            #expect(try JSONParser.elementTexts(ofArray: "[\(object)]") == [object], "\(count) distinct keys")
            for repeated in 0..<count {
                let twice = "{" + (keys + [keys[repeated]]).joined(separator: ",") + "}"
                #expect(throws: JSONSyntaxError.self, "key \(repeated) of \(count) repeated") {
                    try JSONParser.elementTexts(ofArray: "[\(twice)]")
                }
            }
        }
    }

    @Test func malformedContainersAreRefused() {
        for text in ["[1]", "{\"a\":1", "{\"a\":1} x", "{1:2}"] {
            #expect(throws: JSONSyntaxError.self) { try JSONParser.memberTexts(ofObject: text) }
        }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.elementTexts(ofArray: "{}") }
    }

    /// Member values are checked without being built: an object refused by a parse is refused
    /// for the same reason, at the same place; an accepted one is sliced.
    @Test(arguments: [
        // Refused by the parser.
        "{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "[1,]", "{\"a\" 1}", "01", "-", "1.", "1e", "1e+",
        "99999999999999999999", "-9223372036854775809", "1e400", "tru", "nul", "\"\\x\"", "\"\\ud800\"",
        "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\u12G4\"", "\"a\u{01}b\"", "\"open", "[1 2]", "{,}", "+1",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        "{" + (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k39\":0}",
        // Accepted.
        "{\"a\":1,\"A\":2}", "-9223372036854775808", "9223372036854775807", "1.5e-300", "\"\\ud83d\\ude00\"",
        "\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"", "[true,false,null,[],{}]", "\"é\"",
        String(repeating: "[", count: 500) + String(repeating: "]", count: 500),
        "{" + (0..<40).map { "\"k\($0)\":[\($0)]" }.joined(separator: ",") + "}",
    ])
    func memberValuesAreCheckedAsAParseChecksThem(_ value: String) {
        let wrapped = "{\"v\":" + value + "}"
        var parsed: JSONSyntaxError?
        do { _ = try JSONParser.parse(wrapped) } catch { parsed = error }
        var sliced: JSONSyntaxError?
        do {
            #expect(try JSONParser.memberTexts(ofObject: wrapped).map(\.text) == [value])
        } catch {
            sliced = error
        }
        #expect(sliced?.reason == parsed?.reason, "\(value)")
        #expect(sliced?.offset == parsed?.offset, "\(value)")
    }
}

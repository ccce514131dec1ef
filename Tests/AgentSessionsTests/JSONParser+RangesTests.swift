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

    @Test func malformedContainersAreRefused() {
        for text in ["[1]", "{\"a\":1", "{\"a\":1} x", "{1:2}"] {
            #expect(throws: JSONSyntaxError.self) { try JSONParser.memberTexts(ofObject: text) }
        }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.elementTexts(ofArray: "{}") }
    }
}

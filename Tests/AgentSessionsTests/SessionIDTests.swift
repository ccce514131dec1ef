import AgentSessions
import Testing

@Suite("SessionID")
struct SessionIDTests {
    @Test(arguments: [
        "a", "checkout-42", "user@example.com", "ns:thread_1.2", String(repeating: "x", count: 128), "a..b",
    ])
    func acceptsValidIDs(_ raw: String) throws {
        #expect(try SessionID(raw).rawValue == raw)
    }

    @Test(arguments: [
        ("", "empty"),
        (" padded", "leading or trailing blank"),
        ("padded ", "leading or trailing blank"),
        ("\tx", "leading or trailing blank"),
        (".", "dots only"),
        ("..", "dots only"),
        ("a/b", "'/'"),
        ("a\\b", "'\\'"),
        ("a b", "' ' (U+0020)"),
        ("nul\u{0}x", "(U+0000)"),
        ("ctl\u{1B}x", "(U+001B)"),
        ("é", "'é' (U+00E9)"),
        ("x😀", "(U+1F600)"),
        (String(repeating: "x", count: 129), "129 characters"),
    ])
    func rejectsInvalidIDs(_ raw: String, _ reason: String) {
        do {
            _ = try SessionID(raw)
            Issue.record("accepted \(raw.debugDescription)")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "id")
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test func namesThePositionOfTheBadCharacter() {
        let raw = "ab/cd"
        do {
            _ = try SessionID(raw)
            Issue.record("accepted \(raw)")
        } catch {
            #expect(error.message.contains("position 3"))
        }
    }

    @Test func generatedIDsAreValidUniqueAndPrefixed() throws {
        let ids = (0..<1000).map { _ in SessionID.generate(prefix: "sub agent/1") }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(10) {
            #expect(id.rawValue.hasPrefix("sub-agent-1-"))
            _ = try SessionID(id.rawValue)
        }
        let long = SessionID.generate(prefix: String(repeating: "p", count: 300))
        #expect(long.rawValue.count <= SessionID.maximumLength)
        #expect(SessionID.generate().rawValue.count == 36)
    }
}

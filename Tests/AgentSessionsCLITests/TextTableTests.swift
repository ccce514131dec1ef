import AgentSessions
import Testing

@testable import AgentSessionsCLI

/// Tables fit a width by cutting their shrinkable columns, widest first; ages round down.
struct TextTableTests {
    @Test func theWidestShrinkableColumnIsCutFirstAndOthersStayWhole() {
        var table = TextTable(header: ["ID", "PHASE", "N"], shrinkable: [0, 1])
        table.append(["a-very-long-session-identifier", "approval", "12345"])
        table.append(["short", "planning", "7"])
        let lines = table.text(fitting: 30).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 30 }, "\(lines)")
        #expect(lines[1].hasPrefix("a-very-long-…  approval"), "\(lines[1])")
        #expect(lines[1].contains("approval") && lines[1].hasSuffix("12345"), "narrow columns are not cut")
        #expect(table.text(fitting: nil) == table.text)
        #expect(table.text.contains("a-very-long-session-identifier"))
    }

    @Test func aWidthTooSmallStopsAtTheMinimumAndCellsStayOnOneLine() {
        var table = TextTable(header: ["ID", "CONTENT"], shrinkable: [0, 1])
        table.append(["identifier", "line one\nline two\tend"])
        let text = table.text(fitting: 5)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2, "a line break in a cell does not break the row")
        #expect(lines[0] == "ID      CONTE…")
        #expect(lines[1] == "ident…  line …")
        #expect(TextTable(header: ["A"], shrinkable: [0], rows: [["x y\nz"]]).text == "A\nx y z")
    }

    @Test func agesRoundDownToTheirUnit() {
        let now = Timestamp(microsecondsSinceEpoch: 10_000_000_000_000)
        func age(_ seconds: Int64) -> String {
            Age.text(of: Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch - seconds * 1_000_000), now: now)
        }
        #expect(age(0) == "0s")
        #expect(age(59) == "59s")
        #expect(age(60) == "1m")
        #expect(age(3_599) == "59m")
        #expect(age(3_600) == "1h")
        #expect(age(172_799) == "47h")
        #expect(age(172_800) == "2d")
        #expect(age(-30) == "0s", "a time ahead of this clock")
    }
}

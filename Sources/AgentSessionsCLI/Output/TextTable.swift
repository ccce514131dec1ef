/// A plain-text table for people: a header row and left-aligned columns separated by two spaces.
///
/// ```swift
/// var table = TextTable(header: ["ID", "PHASE"])
/// table.append(["s-1", "approval"])
/// print(table.text)
/// ```
struct TextTable {
    /// The column titles.
    var header: [String]
    /// The rows, each with one cell a column.
    var rows: [[String]] = []

    /// Adds a row.
    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as lines of text, without trailing blanks.
    var text: String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        return all.map { row in
            var line = ""
            for (column, cell) in row.enumerated() where column < widths.count {
                let isLast = column == min(row.count, widths.count) - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            return line
        }.joined(separator: "\n")
    }

    /// Label-value lines with the values aligned, for one record.
    static func fields(_ pairs: [(String, String)]) -> String {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { label, value in
            label + String(repeating: " ", count: width - label.count + 2) + value
        }.joined(separator: "\n")
    }
}

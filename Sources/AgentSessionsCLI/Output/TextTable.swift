/// A plain-text table for people: a header row and left-aligned columns separated by two spaces,
/// fitted to a width by cutting the cells of its shrinkable columns with `…`.
///
/// ```swift
/// var table = TextTable(header: ["ID", "PHASE"], shrinkable: [0])
/// table.append(["s-1", "approval"])
/// print(table.text(fitting: Terminal.width()))
/// ```
struct TextTable {
    /// The column titles.
    var header: [String]
    /// The columns that may be cut to fit a width, by index; the others are kept whole.
    var shrinkable: Set<Int> = []
    /// The rows, each with one cell a column.
    var rows: [[String]] = []

    /// The narrowest a shrinkable column is cut to.
    static let minimumWidth = 6

    /// Adds a row.
    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as lines of text, without trailing blanks, whole.
    var text: String { text(fitting: nil) }

    /// The table as lines of text, without trailing blanks, its lines no wider than `width`
    /// where cutting the shrinkable columns (widest first, down to ``minimumWidth``) can do it;
    /// a cut cell ends with `…`. Line breaks and tabs in cells show as blanks. `nil` keeps every
    /// cell whole.
    func text(fitting width: Int?) -> String {
        let all = ([header] + rows).map { row in row.map(Self.oneLine) }
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        if let width { fit(&widths, to: width) }
        return all.map { row in
            var line = ""
            for (column, cell) in row.enumerated() where column < widths.count {
                let shown = Self.cut(cell, to: widths[column])
                let isLast = column == min(row.count, widths.count) - 1
                line += isLast ? shown : shown + String(repeating: " ", count: widths[column] - shown.count + 2)
            }
            return line
        }.joined(separator: "\n")
    }

    /// Narrows the widest shrinkable column, one character at a time, until the columns and
    /// their gaps fit `width` or none can narrow further.
    private func fit(_ widths: inout [Int], to width: Int) {
        var total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        while total > width {
            let candidates = widths.indices.filter { shrinkable.contains($0) && widths[$0] > Self.minimumWidth }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { return }
            widths[widest] -= 1
            total -= 1
        }
    }

    /// The cell cut to `width` characters, its last one `…`, when it is longer.
    private static func cut(_ cell: String, to width: Int) -> String {
        cell.count <= width ? cell : String(cell.prefix(max(0, width - 1))) + "…"
    }

    /// The cell on one line: line breaks and tabs become blanks.
    private static func oneLine(_ cell: String) -> String {
        guard cell.contains(where: { $0.isNewline || $0 == "\t" }) else { return cell }
        return String(cell.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// Label-value lines with the values aligned, for one record.
    static func fields(_ pairs: [(String, String)]) -> String {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { label, value in
            label + String(repeating: " ", count: width - label.count + 2) + value
        }.joined(separator: "\n")
    }
}

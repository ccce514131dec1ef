/// The order of the sections of a command's help: the command's own arguments and flags first,
/// then the titled groups every store command shares (``StoreOptions/sectionTitles``).
///
/// ArgumentParser prints titled option groups before the untitled `OPTIONS` section, which
/// would put the five store and two encryption flags between a command's arguments and its
/// own flags. ``commandFlagsFirst(_:)`` moves those shared sections after `OPTIONS`.
enum HelpLayout {
    /// `help` with the sections titled ``StoreOptions/sectionTitles`` moved to just after its
    /// `OPTIONS:` section, in their order; any text without an `OPTIONS:` section (a version
    /// line, a root command's help) is returned unchanged.
    static func commandFlagsFirst(_ help: String) -> String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let starts = lines.indices.filter { isHeader(lines[$0]) }
        guard let first = starts.first else { return help }
        let sections = starts.indices.map { index in
            let end = index + 1 < starts.count ? starts[index + 1] : lines.count
            return Array(lines[starts[index]..<end]).trimmingTrailingBlankLines()
        }
        let sharedHeaders = Set(StoreOptions.sectionTitles.map { "\($0.uppercased()):" })
        let shared = sections.filter { sharedHeaders.contains($0[0]) }
        var others = sections.filter { !sharedHeaders.contains($0[0]) }
        guard !shared.isEmpty, let options = others.firstIndex(where: { $0[0] == "OPTIONS:" }) else { return help }
        others.insert(contentsOf: shared, at: options + 1)
        let preface = Array(lines[..<first]).trimmingTrailingBlankLines()
        let blocks = (preface.isEmpty ? [] : [preface]) + others
        return blocks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
            + (help.hasSuffix("\n") ? "\n" : "")
    }

    /// A section's title line, such as `STORE:`: capitals and spaces ending in a colon, not indented.
    private static func isHeader(_ line: String) -> Bool {
        line.count > 1 && line.hasSuffix(":")
            && line.dropLast().allSatisfy { ($0.isUppercase && $0.isLetter) || $0 == " " }
    }
}

extension Array where Element == String {
    fileprivate func trimmingTrailingBlankLines() -> [String] {
        var lines = self
        while lines.last?.allSatisfy(\.isWhitespace) == true { lines.removeLast() }
        return lines
    }
}

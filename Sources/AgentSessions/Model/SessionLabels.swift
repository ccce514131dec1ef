/// The rules of a session's title and tags, written once for every store.
///
/// - A **title** is one line for people (a chat sidebar's entry): 1 to ``maximumTitleLength``
///   Unicode code points without control characters (U+0000–U+001F, U+007F–U+009F). An empty
///   title is none.
/// - A **tag** is 1 to 128 characters of `A-Z a-z 0-9 . _ : @ -` (the id alphabet); at most
///   ``maximumTagCount`` are given at once. Tags are a set: a session keeps them sorted, each
///   once.
///
/// Titles and tags are stored as they are, beside the metadata; an encrypting store does not
/// encrypt them (see `AgentSessionsEncryption`).
public enum SessionLabels {
    /// The longest title, in Unicode code points.
    public static let maximumTitleLength = 1000
    /// The most tags a session carries.
    public static let maximumTagCount = 32

    /// A title as a session keeps it: `nil` for none (an empty one included).
    /// - Throws: ``SessionStoreError`` (invalid argument, field `title`) for a title with a
    ///   control character or longer than ``maximumTitleLength``.
    public static func title(_ title: String?) throws(SessionStoreError) -> String? {
        guard let title, !title.isEmpty else { return nil }
        if let control = title.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalid(
                "title",
                "title '\(Identifier.printable(title))' has the control character U+"
                    + String(control.value, radix: 16, uppercase: true).leftPadded(to: 4)
                    + "; a title is one line of text"
            )
        }
        let count = title.unicodeScalars.count
        guard count <= maximumTitleLength else {
            throw .invalid("title", "title is \(count) code points long; the maximum is \(maximumTitleLength)")
        }
        return title
    }

    /// Tags as a session keeps them: sorted, each once.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `tags`) for a malformed tag or
    ///   more than ``maximumTagCount`` tags given (a repeated one counts each time).
    public static func tags(_ tags: [String]) throws(SessionStoreError) -> [String] {
        guard tags.count <= maximumTagCount else {
            throw .invalid("tags", "\(tags.count) tags given; give at most \(maximumTagCount)")
        }
        for tag in tags { try validateTag(tag) }
        return Set(tags).sorted()
    }

    /// Checks one tag, as given to a session or to a listing's filter.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `tags`) naming what is wrong.
    public static func validateTag(_ tag: String) throws(SessionStoreError) {
        try Identifier.validate(tag, field: "tags", what: "tag", allowsEmpty: false)
    }
}

extension String {
    /// The text with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

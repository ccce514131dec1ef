/// The text of a JSON object, kept exactly as given.
///
/// Items are stored as ``JSONDocument``s: the store checks once, when the item is appended,
/// that the text is one valid JSON object, and from then on hands back the same text byte for
/// byte, without parsing it again.
///
/// ```swift
/// let item = try JSONDocument(validating: #"{"role":"user","content":"hello"}"#)
/// let value = try item.object()   // ["role": "user", "content": "hello"]
/// ```
public struct JSONDocument: Hashable, Sendable, CustomStringConvertible {
    /// The JSON text.
    public let text: String

    /// Checks that the text is one JSON object and wraps it unchanged.
    /// - Parameters:
    ///   - text: The JSON text.
    ///   - field: The input field name reported if the text is not valid.
    /// - Throws: ``SessionStoreError`` (invalid argument) if the text is not exactly one JSON
    ///   object, with the byte offset and the reason.
    public init(validating text: String, field: String = "item") throws(SessionStoreError) {
        _ = try JSONObject(parsingObject: text, field: field)
        self.text = text
    }

    /// Encodes an object as compact JSON text with sorted keys.
    public init(_ object: JSONObject) {
        self.text = object.jsonText
    }

    /// Wraps text that was validated before it was stored. Backends use this when reading.
    package init(trusted text: String) {
        self.text = text
    }

    /// Parses the text into an object.
    /// - Throws: ``SessionStoreError`` (corrupted) if stored text no longer parses.
    public func object() throws(SessionStoreError) -> JSONObject {
        do {
            return try JSONObject(parsingObject: text, field: "item")
        } catch {
            throw SessionStoreError(.corrupted, "a stored item is not a JSON object any more: \(error.message)")
        }
    }

    /// The size of the text in UTF-8 bytes.
    public var byteCount: Int { text.utf8.count }

    public var description: String { text }
}

import AgentSessions

/// The workload's item: `{"role":"user"|"assistant","content":"<400 ASCII chars>"}`, built by
/// the same rule as the limit program's `make_body`, so both store byte-identical text.
///
/// The content is `tag#seq|` (the sequence zero-padded to seven digits) followed by filler
/// taken from a fixed pseudo-random alphabet string, cut to 400 characters. Even sequences are
/// the user's, odd ones the assistant's.
///
/// ```swift
/// let text = ItemBody.text(tag: "w2-007", sequence: 3)   // {"role":"assistant","content":"w2-007#0000003|…"}
/// ```
enum ItemBody {
    /// Characters in the content, as in the limit program.
    static let contentLength = 400

    /// 4,096 filler characters from the limit program's linear congruential generator.
    private static let fill: [UInt8] = {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_".utf8)
        var state: UInt32 = 12345
        var fill: [UInt8] = []
        fill.reserveCapacity(4096)
        for _ in 0..<4096 {
            state = (state &* 1_103_515_245 &+ 12345) & 0x7FFF_FFFF
            fill.append(alphabet[Int((state >> 16) % UInt32(alphabet.count))])
        }
        return fill
    }()

    /// The JSON text of item `sequence` (0-based, as in the limit program) of the session tagged `tag`.
    static func text(tag: String, sequence: Int) -> String {
        let digits = String(sequence)
        let header = Array("\(tag)#\(String(repeating: "0", count: max(0, 7 - digits.count)))\(digits)|".utf8)
        let offset = (sequence * 37) % 2048
        let needed = max(0, contentLength - header.count)
        let content = (header + fill[offset..<offset + needed]).prefix(contentLength)
        let role = sequence % 2 == 0 ? "user" : "assistant"
        return #"{"role":"\#(role)","content":""# + String(decoding: content, as: UTF8.self) + #""}"#
    }

    /// The item to append: item `sequence` (0-based) of the session tagged `tag`.
    ///
    /// Build items before timing: this validates the JSON text, as a caller would once.
    /// - Throws: ``SessionStoreError`` if the text is not a JSON object (a bug in this file).
    static func item(tag: String, sequence: Int) throws -> NewItem {
        NewItem(try JSONDocument(validating: text(tag: tag, sequence: sequence)))
    }

    /// Items `range` (0-based) of the session tagged `tag`, ready to append.
    /// - Throws: ``SessionStoreError`` if a text is not a JSON object (a bug in this file).
    static func items(tag: String, _ range: Range<Int>) throws -> [NewItem] {
        try range.map { try item(tag: tag, sequence: $0) }
    }

    /// Items `range` (0-based) of the session tagged `tag`, as texts.
    static func texts(tag: String, _ range: Range<Int>) -> [String] {
        range.map { text(tag: tag, sequence: $0) }
    }
}

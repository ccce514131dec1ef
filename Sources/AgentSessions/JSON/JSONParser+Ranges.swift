extension JSONParser {
    /// The exact text of each member value of the JSON object that fills `text`, in order, so
    /// that a caller can keep a nested object byte for byte as it was sent.
    /// - Throws: ``JSONSyntaxError`` if the text is not one valid JSON object.
    package static func memberTexts(ofObject text: String) throws(JSONSyntaxError) -> [(key: String, text: String)] {
        try slices(of: text, opening: UInt8(ascii: "{"), closing: UInt8(ascii: "}"), keyed: true)
            .map { ($0.key ?? "", $0.text) }
    }

    /// The exact text of each element of the JSON array that fills `text`, in order.
    /// - Throws: ``JSONSyntaxError`` if the text is not one valid JSON array.
    package static func elementTexts(ofArray text: String) throws(JSONSyntaxError) -> [String] {
        try slices(of: text, opening: UInt8(ascii: "["), closing: UInt8(ascii: "]"), keyed: false).map(\.text)
    }

    /// Walks the members or elements of the container that fills `text`.
    private static func slices(
        of text: String,
        opening: UInt8,
        closing: UInt8,
        keyed: Bool
    ) throws(JSONSyntaxError) -> [(key: String?, text: String)] {
        var text = text
        let result: Result<[(key: String?, text: String)], JSONSyntaxError> = text.withUTF8 { buffer in
            var parser = JSONParser(bytes: buffer)
            return Result { () throws(JSONSyntaxError) -> [(key: String?, text: String)] in
                var slices: [(key: String?, text: String)] = []
                parser.skipWhitespace()
                guard parser.index < buffer.count, buffer[parser.index] == opening else {
                    throw parser.error(keyed ? "expected an object" : "expected an array")
                }
                parser.index += 1
                parser.skipWhitespace()
                if parser.index < buffer.count, buffer[parser.index] == closing {
                    parser.index += 1
                } else {
                    while true {
                        parser.skipWhitespace()
                        var key: String?
                        if keyed {
                            guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "\"") else {
                                throw parser.error("expected a string key")
                            }
                            key = try parser.parseString()
                            parser.skipWhitespace()
                            guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: ":") else {
                                throw parser.error("expected ':'")
                            }
                            parser.index += 1
                            parser.skipWhitespace()
                        }
                        let start = parser.index
                        try parser.skipValue(depth: 1)
                        let value = UnsafeBufferPointer(rebasing: buffer[start..<parser.index])
                        slices.append((key, String(decoding: value, as: UTF8.self)))
                        parser.skipWhitespace()
                        guard parser.index < buffer.count else { throw parser.error("unexpected end of input") }
                        if buffer[parser.index] == UInt8(ascii: ",") {
                            parser.index += 1
                            continue
                        }
                        guard buffer[parser.index] == closing else {
                            throw parser.error("expected ',' or a closing bracket")
                        }
                        parser.index += 1
                        break
                    }
                }
                parser.skipWhitespace()
                guard parser.index == buffer.count else {
                    throw parser.error("unexpected content after the JSON value")
                }
                return slices
            }
        }
        return try result.get()
    }
}

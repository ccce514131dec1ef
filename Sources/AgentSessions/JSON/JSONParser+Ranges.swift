extension JSONParser {
    /// The exact text of each member value of the JSON object that fills `text`, in order, so
    /// that a caller can keep a nested object byte for byte as it was sent.
    /// - Throws: ``JSONSyntaxError`` if the text is not one valid JSON object.
    package static func memberTexts(ofObject text: String) throws(JSONSyntaxError) -> [(key: String, text: String)] {
        try reading(text) { parser throws(JSONSyntaxError) in
            var members: [(key: String, text: String)] = []
            try parser.walkObject { key, parser throws(JSONSyntaxError) in
                members.append((key, try parser.valueText(depth: 1)))
            }
            return members
        }
    }

    /// The exact text of each element of the JSON array that fills `text`, in order.
    /// - Throws: ``JSONSyntaxError`` if the text is not one valid JSON array.
    package static func elementTexts(ofArray text: String) throws(JSONSyntaxError) -> [String] {
        try reading(text) { parser throws(JSONSyntaxError) in
            var elements: [String] = []
            try parser.walkArray(depth: 1) { parser throws(JSONSyntaxError) in
                elements.append(try parser.valueText(depth: 1))
            }
            return elements
        }
    }

    /// The exact text of each element of the array that is the member `key` of the JSON object
    /// that fills `text`, in one pass over the text; `nil` when the object has no such member.
    /// - Throws: ``JSONSyntaxError`` if the text is not one valid JSON object, or the member is
    ///   not an array.
    package static func elementTexts(ofMember key: String, inObject text: String) throws(JSONSyntaxError) -> [String]? {
        try reading(text) { parser throws(JSONSyntaxError) in
            var elements: [String]?
            try parser.walkObject { member, parser throws(JSONSyntaxError) in
                guard member == key, elements == nil else { return try parser.skipValue(depth: 1) }
                var found: [String] = []
                try parser.walkArray(depth: 2) { parser throws(JSONSyntaxError) in
                    found.append(try parser.valueText(depth: 2))
                }
                elements = found
            }
            return elements
        }
    }

    /// Runs `body` with a parser at the start of `text` (blanks skipped), and checks that the
    /// value `body` moved past fills the text.
    static func reading<T>(
        _ text: String,
        _ body: (inout JSONParser) throws(JSONSyntaxError) -> T
    ) throws(JSONSyntaxError) -> T {
        var text = text
        let result: Result<T, JSONSyntaxError> = text.withUTF8 { buffer in
            var parser = JSONParser(bytes: buffer)
            return Result { () throws(JSONSyntaxError) -> T in
                parser.skipWhitespace()
                let value = try body(&parser)
                parser.skipWhitespace()
                guard parser.index == buffer.count else {
                    throw parser.error("unexpected content after the JSON value")
                }
                return value
            }
        }
        return try result.get()
    }

    /// Walks the object at the parser's position, at `depth` (1 for the outermost value):
    /// `member` is called with each key, in order (not checked for repeats), and the parser at
    /// its value, which it must move past (as a value at `depth`).
    mutating func walkObject(
        depth: Int = 1,
        _ member: (String, inout JSONParser) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw error("expected an object") }
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            try member(key, &self)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or a closing bracket") }
            index += 1
            return
        }
    }

    /// Walks the array at the parser's position, at `depth` (1 for the outermost value):
    /// `element` is called with the parser at each element, which it must move past.
    mutating func walkArray(
        depth: Int,
        _ element: (inout JSONParser) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { throw error("expected an array") }
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or a closing bracket") }
            index += 1
            return
        }
    }

    /// The exact text of the value at the parser's position, at `depth`, checked as a parse
    /// checks it; the parser moves past it.
    mutating func valueText(depth: Int) throws(JSONSyntaxError) -> String {
        let start = index
        try skipValue(depth: depth)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }
}

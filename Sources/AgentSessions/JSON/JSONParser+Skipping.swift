extension JSONParser {
    /// Moves past one JSON value, refusing what ``parseValue(depth:)`` refuses (bad syntax,
    /// duplicate keys, nesting deeper than ``maximumDepth``, integers beyond 64 bits, numbers
    /// out of range, unpaired surrogates) without building the value: for callers that want a
    /// value's text, not its tree.
    ///
    /// The bytes come from a `String`, so they are valid UTF-8 already.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try skipObject(depth: depth + 1)
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw error("unexpected character")
        }
    }

    private mutating func skipObject(depth: Int) throws(JSONSyntaxError) {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        var keys = ObjectKeys()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyOffset = index
            guard keys.insert(try parseString()) else {
                throw JSONSyntaxError(offset: keyOffset, reason: "duplicate key in an object")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            try skipValue(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
            index += 1
            return
        }
    }

    private mutating func skipArray(depth: Int) throws(JSONSyntaxError) {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try skipValue(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
            index += 1
            return
        }
    }

    /// Moves past a string, checking its escapes as ``parseString()`` does.
    private mutating func skipString() throws(JSONSyntaxError) {
        index += 1
        while index < bytes.count {
            skipPlainStringBytes()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input in a string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    let code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("unpaired surrogate in a string") }
                        index += 2
                        guard (0xDC00...0xDFFF).contains(try parseHex4()) else {
                            throw error("unpaired surrogate in a string")
                        }
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("unpaired surrogate in a string")
                    }
                default:
                    throw error("invalid escape sequence")
                }
            default:
                if byte < 0x20 { throw error("unescaped control character in a string") }
                index += 1
            }
        }
        throw error("unterminated string")
    }
}

/// The keys seen in one object: up to four kept inline (most objects, with no allocation),
/// then a list, then a set.
private struct ObjectKeys {
    private var first: String?
    private var second: String?
    private var third: String?
    private var fourth: String?
    private var more: [String] = []
    private var many: Set<String>?

    /// Adds `key`; `false` when it was there already.
    mutating func insert(_ key: String) -> Bool {
        if let inserted = Self.claim(&first, key) ?? Self.claim(&second, key) ?? Self.claim(&third, key)
            ?? Self.claim(&fourth, key)
        {
            return inserted
        }
        if let inserted = many?.insert(key).inserted { return inserted }
        if more.contains(key) { return false }
        more.append(key)
        if more.count > 12 { many = Set(more) }
        return true
    }

    /// `key` in an inline slot: `true` when the slot was free (it holds `key` now), `false` when
    /// it holds `key` already, `nil` when it holds another key.
    private static func claim(_ slot: inout String?, _ key: String) -> Bool? {
        guard let held = slot else {
            slot = key
            return true
        }
        return held == key ? false : nil
    }
}

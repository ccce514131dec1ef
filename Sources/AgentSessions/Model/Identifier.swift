/// Validation shared by session ids, app names and item ids.
package enum Identifier {
    /// Whether the character belongs to the id alphabet `A-Z a-z 0-9 . _ : @ -`.
    package static func isAllowed(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Checks an identifier against the id rules.
    /// - Parameters:
    ///   - value: The text to check.
    ///   - field: The input field name reported in the error.
    ///   - what: A human name for the value, such as "session id".
    ///   - allowsEmpty: Whether the empty string is accepted (it means "none").
    package static func validate(
        _ value: String,
        field: String,
        what: String,
        allowsEmpty: Bool
    ) throws(SessionStoreError) {
        if value.isEmpty {
            if allowsEmpty { return }
            throw .invalid(
                field,
                "\(what) is empty; give 1 to \(SessionID.maximumLength) characters of A-Z a-z 0-9 . _ : @ -"
            )
        }
        if let first = value.first, let last = value.last, first.isWhitespace || last.isWhitespace {
            throw .invalid(
                field,
                "\(what) '\(printable(value))' has a leading or trailing blank; ids are never trimmed, remove it"
            )
        }
        let count = value.count
        if count > SessionID.maximumLength {
            throw .invalid(field, "\(what) is \(count) characters long; the maximum is \(SessionID.maximumLength)")
        }
        for (offset, character) in value.enumerated() where !isAllowed(character) {
            throw .invalid(
                field,
                "\(what) '\(printable(value))' has the character \(describe(character)) at position \(offset + 1); "
                    + "only A-Z a-z 0-9 . _ : @ - are allowed"
            )
        }
        if value.allSatisfy({ $0 == "." }) {
            throw .invalid(field, "\(what) '\(value)' is made of dots only, which is reserved; add another character")
        }
    }

    /// The value with control characters escaped and cut to a readable length, for messages.
    package static func printable(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars.prefix(64) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return value.unicodeScalars.count > 64 ? result + "…" : result
    }

    /// A code point in the standard notation, with four hex digits at least: `U+0020`, `U+1F600`.
    package static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func describe(_ character: Character) -> String {
        let scalars = character.unicodeScalars.map(codePoint)
        let shown =
            character.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ? "'\(character)' " : ""
        return shown + "(" + scalars.joined(separator: " ") + ")"
    }
}

/// Random version-4 UUIDs as lowercase text, without Foundation.
enum UUIDText {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

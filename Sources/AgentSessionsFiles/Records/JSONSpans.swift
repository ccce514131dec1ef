/// The raw text of each member of a top-level JSON object, without parsing the values.
///
/// Message files hold the item's JSON as written; reading it back as the exact bytes of the
/// `message` member keeps items byte for byte, and skipping the other members is cheaper than
/// building them. The spans found are checked by whoever uses them (the item with the strict
/// parser), so this scanner only has to find where each value starts and ends.
struct JSONSpans {
    /// The members' raw value text by key (keys with escapes are kept undecoded).
    private(set) var members: [String: String] = [:]

    /// Scans the text of one JSON object.
    /// - Returns: `nil` if the text is not one object with well-formed members.
    init?(_ text: String) {
        var text = text
        let scanned = text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            return scanner.members()
        }
        guard let members = scanned else { return nil }
        self.members = members
    }

    subscript(key: String) -> String? { members[key] }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        private static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        private func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }

        private mutating func skipSpace() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        private mutating func skipString() -> Bool {
            guard index < bytes.count, bytes[index] == 0x22 else { return false }
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x22 { return true }
                if byte == 0x5C { index += 1 }
            }
            return false
        }

        private mutating func skipValue() -> Bool {
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case 0x22:
                return skipString()
            case 0x7B, 0x5B:
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case 0x22:
                        guard skipString() else { return false }
                        continue
                    case 0x7B, 0x5B:
                        depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default:
                        break
                    }
                    index += 1
                }
                return false
            default:
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x2C || byte == 0x7D || byte == 0x5D || Self.isSpace(byte) { break }
                    index += 1
                }
                return index > start
            }
        }

        mutating func members() -> [String: String]? {
            var members: [String: String] = [:]
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x7B else { return nil }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == 0x7D {
                index += 1
            } else {
                while true {
                    skipSpace()
                    let keyStart = index
                    guard skipString() else { return nil }
                    let key = text(keyStart + 1, index - 1)
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x3A else { return nil }
                    index += 1
                    skipSpace()
                    let valueStart = index
                    guard skipValue() else { return nil }
                    members[key] = text(valueStart, index)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    let separator = bytes[index]
                    index += 1
                    if separator == 0x7D { break }
                    guard separator == 0x2C else { return nil }
                }
            }
            skipSpace()
            return index == bytes.count ? members : nil
        }
    }
}

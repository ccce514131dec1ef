extension JSONParser {
    /// Moves ``index`` past the plain bytes of a string, eight at a time: it stops at the first
    /// word of eight that holds a quote, a backslash or a control character (or at the last
    /// seven bytes), where the caller's byte loop takes over.
    ///
    /// Each test finds whether any byte of the word matches (not which), exactly: a byte
    /// `b` is zero when `(b - 1) & ~b` has its high bit set, and below `n` (≤ 128) when
    /// `(b - n) & ~b` has, all eight lanes at once.
    /// - Returns: Whether a byte passed was above 127 (not ASCII).
    @discardableResult
    mutating func skipPlainStringBytes() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            let special =
                ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- ones &* 0x20) & ~word)
            if special & highBits != 0 { break }
            seen |= word
            index += 8
        }
        return seen & highBits != 0
    }
}

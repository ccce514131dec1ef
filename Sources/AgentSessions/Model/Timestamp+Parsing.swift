extension Timestamp {
    /// Parses ISO 8601 (RFC 3339) text such as `2026-11-21T06:10:00Z` or
    /// `2026-11-21T06:10:00.5+01:00`, or returns `nil` when the text is not such a time.
    ///
    /// Use ``init(parsingISO8601:)`` to learn why a text was refused.
    public init?(iso8601 text: String) {
        guard let timestamp = try? Timestamp(parsingISO8601: text) else { return nil }
        self = timestamp
    }

    /// Parses ISO 8601 (RFC 3339) text such as `2026-11-21T06:10:00Z` or
    /// `2026-11-21T06:10:00.5+01:00`.
    ///
    /// The date must exist (`2026-02-30` is refused, not moved to March 2), the time of day must
    /// be within 00:00:00–23:59:59, and an offset within ±23:59. Fractions of a second beyond
    /// microseconds are cut off.
    ///
    /// - Parameter text: The time, with a date, a time of day and `Z` or an offset.
    /// - Throws: ``TimestampFormatError`` saying which part is wrong.
    public init(parsingISO8601 text: String) throws(TimestampFormatError) {
        var bytes = text
        let parsed = bytes.withUTF8 { bytes in
            Result { () throws(TimestampFormatError) in try Self(parsing: bytes, of: text) }
        }
        self = try parsed.get()
    }

    /// Parses the UTF-8 `bytes` of `text` (which messages quote).
    private init(parsing bytes: UnsafeBufferPointer<UInt8>, of text: String) throws(TimestampFormatError) {
        var reader = ISO8601Reader(text: text, bytes: bytes)
        let year = try reader.digits(4, "the year")
        try reader.expect("-", "after the year")
        let month = try reader.digits(2, "the month")
        try reader.expect("-", "after the month")
        let day = try reader.digits(2, "the day")
        guard (1...12).contains(month) else {
            throw TimestampFormatError(text: text, reason: "month \(month) does not exist; months are 01 to 12")
        }
        let monthLength = Self.daysIn(month: month, of: year)
        guard (1...monthLength).contains(day) else {
            throw TimestampFormatError(
                text: text,
                reason: "day \(day) does not exist in month \(month) of \(year), which has \(monthLength) days"
            )
        }
        try reader.expect(anyOf: "Tt ", "between the date and the time (T)")
        let hour = try reader.digits(2, "the hour")
        try reader.expect(":", "after the hour")
        let minute = try reader.digits(2, "the minute")
        try reader.expect(":", "after the minute")
        let second = try reader.digits(2, "the second")
        guard hour < 24, minute < 60, second < 60 else {
            throw TimestampFormatError(text: text, reason: "the time of day must be within 00:00:00 and 23:59:59")
        }
        let micros = try reader.fraction()
        let offsetSeconds = try reader.offset()
        guard reader.isAtEnd else {
            throw TimestampFormatError(text: text, reason: "unexpected text after the offset")
        }
        let days = Self.days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.init(microsecondsSinceEpoch: seconds * 1_000_000 + micros)
    }

    /// The number of days of a month in the proleptic Gregorian calendar.
    static func daysIn(month: Int64, of year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Why a text is not an ISO 8601 time.
public struct TimestampFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The refused text, shortened for messages.
    public var text: String
    /// What is wrong with it, such as "day 30 does not exist in month 2 of 2026, which has 28 days".
    public var reason: String

    /// Creates an error for a refused text.
    public init(text: String, reason: String) {
        self.text = Identifier.printable(text)
        self.reason = reason
    }

    public var description: String {
        "'\(text)' is not an ISO 8601 time such as 2026-11-21T06:10:00Z: \(reason)"
    }
}

/// Reads the parts of an ISO 8601 time from left to right.
private struct ISO8601Reader {
    /// The text, for messages.
    let text: String
    /// Its UTF-8 bytes, read without copying them.
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func digits(_ count: Int, _ part: String) throws(TimestampFormatError) -> Int64 {
        var value: Int64 = 0
        for _ in 0..<count {
            guard index < bytes.count, (48...57).contains(bytes[index]) else {
                throw TimestampFormatError(text: text, reason: "\(part) needs \(count) digits")
            }
            value = value * 10 + Int64(bytes[index] - 48)
            index += 1
        }
        return value
    }

    mutating func expect(_ character: Unicode.Scalar, _ place: String) throws(TimestampFormatError) {
        try expect(anyOf: String(character), place)
    }

    mutating func expect(anyOf characters: String, _ place: String) throws(TimestampFormatError) {
        guard index < bytes.count, characters.utf8.contains(bytes[index]) else {
            let wanted = characters.unicodeScalars.first.map { "'\($0)'" } ?? ""
            throw TimestampFormatError(text: text, reason: "expected \(wanted) \(place)")
        }
        index += 1
    }

    /// Microseconds of an optional fraction of a second (`.5` is 500,000).
    mutating func fraction() throws(TimestampFormatError) -> Int64 {
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return 0 }
        index += 1
        var micros: Int64 = 0
        var digits = 0
        while index < bytes.count, (48...57).contains(bytes[index]) {
            if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
            digits += 1
            index += 1
        }
        guard digits > 0 else {
            throw TimestampFormatError(text: text, reason: "a fraction of a second needs digits after '.'")
        }
        for _ in digits..<max(digits, 6) { micros *= 10 }
        return micros
    }

    var missingZone: TimestampFormatError {
        TimestampFormatError(text: text, reason: "a time zone is needed: Z for UTC, or an offset such as +01:00")
    }

    /// Seconds east of UTC: `Z`, or `+HH:MM` / `-HH:MM` within ±23:59.
    mutating func offset() throws(TimestampFormatError) -> Int64 {
        guard index < bytes.count else {
            throw missingZone
        }
        let sign = bytes[index]
        switch sign {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
            return 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            index += 1
            let hours = try digits(2, "the offset's hours")
            try expect(":", "in the offset")
            let minutes = try digits(2, "the offset's minutes")
            guard hours < 24, minutes < 60 else {
                throw TimestampFormatError(text: text, reason: "an offset must be within -23:59 and +23:59")
            }
            return (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
        default:
            throw missingZone
        }
    }
}

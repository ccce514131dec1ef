public import Foundation

/// A point in time with microsecond precision, as every store keeps it.
///
/// Stores write timestamps as whole microseconds since 1970-01-01T00:00:00Z, so a value read
/// back equals the value written. Text forms are ISO 8601 in UTC with six fractional digits:
/// `2026-11-21T06:10:00.123456Z`.
public struct Timestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    /// Creates a timestamp from microseconds since the epoch.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Creates a timestamp from a date, rounded down to the microsecond.
    public init(_ date: Date) {
        self.microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// The timestamp as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }

    /// The timestamp moved by a duration (negative durations move it back), stopping at the
    /// earliest and latest representable times instead of overflowing.
    public func advanced(by duration: Duration) -> Timestamp {
        let (sum, overflow) = microsecondsSinceEpoch.addingReportingOverflow(duration.microseconds)
        guard overflow else { return Timestamp(microsecondsSinceEpoch: sum) }
        return Timestamp(microsecondsSinceEpoch: duration < .zero ? .min : .max)
    }

    /// The duration from this timestamp to another, computed without overflow whatever the two
    /// timestamps.
    public func duration(to other: Timestamp) -> Duration {
        let (difference, overflow) = other.microsecondsSinceEpoch.subtractingReportingOverflow(microsecondsSinceEpoch)
        guard overflow else { return .microseconds(difference) }
        return .microseconds(other.microsecondsSinceEpoch) - .microseconds(microsecondsSinceEpoch)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// ISO 8601 in UTC with microseconds, e.g. `2026-11-21T06:10:00.123456Z`.
    public var description: String { iso8601 }

    /// ISO 8601 in UTC with microseconds, e.g. `2026-11-21T06:10:00.123456Z`.
    public var iso8601: String {
        let fields = utcFields
        guard (0...9999).contains(fields.year) else {
            // Years of other than four digits (far from any stored time): the general form.
            func pad(_ value: Int64, _ width: Int) -> String {
                let text = String(value)
                return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
            }
            return "\(pad(fields.year, 4))-\(pad(fields.month, 2))-\(pad(fields.day, 2))T"
                + "\(pad(fields.secondOfDay / 3600, 2)):\(pad(fields.secondOfDay / 60 % 60, 2)):"
                + "\(pad(fields.secondOfDay % 60, 2)).\(pad(fields.microsecond, 6))Z"
        }
        // Written digit by digit into the string's storage: items are listed with their
        // times, so this runs for every item a read returns.
        return String(unsafeUninitializedCapacity: 27) { text in
            func put(_ value: Int64, width: Int, at offset: Int, then separator: Unicode.Scalar) {
                var rest = value
                for index in (offset..<offset + width).reversed() {
                    text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                text[offset + width] = UInt8(ascii: separator)
            }
            put(fields.year, width: 4, at: 0, then: "-")
            put(fields.month, width: 2, at: 5, then: "-")
            put(fields.day, width: 2, at: 8, then: "T")
            put(fields.secondOfDay / 3600, width: 2, at: 11, then: ":")
            put(fields.secondOfDay / 60 % 60, width: 2, at: 14, then: ":")
            put(fields.secondOfDay % 60, width: 2, at: 17, then: ".")
            put(fields.microsecond, width: 6, at: 20, then: "Z")
            return 27
        }
    }

    /// The calendar date in UTC, the second of that day and the microsecond of that second.
    private var utcFields: (year: Int64, month: Int64, day: Int64, secondOfDay: Int64, microsecond: Int64) {
        let micros = microsecondsSinceEpoch
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = Self.civil(fromDays: days)
        return (year, month, day, secondOfDay, fraction)
    }

    /// Parses ISO 8601 text such as `2026-11-21T06:10:00Z` or `2026-11-21T06:10:00.5+01:00`.
    /// Returns `nil` for anything else.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var micros: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let hours = number(index + 1, 2), index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let minutes = number(index + 4, 2)
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = Self.days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.init(microsecondsSinceEpoch: seconds * 1_000_000 + micros)
    }

    // Howard Hinnant's days-from-civil algorithms.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Duration {
    /// The duration in whole microseconds, rounded toward zero, saturating at `Int64.min` and
    /// `Int64.max` for durations too long to count in microseconds.
    public var microseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, sumOverflow) = whole.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        guard !sumOverflow else { return seconds < 0 ? .min : .max }
        return total
    }

    /// The duration in seconds as a floating-point number.
    public var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

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

    // Howard Hinnant's days-from-civil algorithms.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
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

    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
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

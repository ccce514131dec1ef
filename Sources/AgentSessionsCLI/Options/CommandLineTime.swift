import AgentSessions
import ArgumentParser

/// A time given on the command line: a date (`2026-12-04`, midnight UTC) or an RFC 3339 time
/// with `Z` or an offset (`2026-12-04T10:00:00Z`, `2026-12-04T10:00:00+01:00`).
enum CommandLineTime {
    /// The time `text` names.
    /// - Parameter flag: The flag it was given to, for the message.
    /// - Throws: `ValidationError` naming the flag and why, such as a day the month does not
    ///   have (`2026-02-31`).
    static func parse(_ text: String, flag: String) throws(ValidationError) -> Timestamp {
        let isDateOnly =
            text.utf8.count == 10
            && text.utf8.enumerated().allSatisfy { index, byte in
                index == 4 || index == 7
                    ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
        do {
            return try Timestamp(parsingISO8601: isDateOnly ? text + "T00:00:00Z" : text)
        } catch {
            let reason = isDateOnly ? "'\(text)' is not a date: \(error.reason)" : "\(error)"
            throw ValidationError(
                "\(flag): \(reason); give a date such as 2026-12-04 or a time such as 2026-12-04T10:00:00Z"
            )
        }
    }
}

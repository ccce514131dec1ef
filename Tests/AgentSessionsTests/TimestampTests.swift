import AgentSessions
import Foundation
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test func formatsISO8601WithMicroseconds() {
        #expect(Timestamp(microsecondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp(microsecondsSinceEpoch: 1_767_895_530_123_456).iso8601 == "2026-01-08T18:05:30.123456Z")
        #expect(Timestamp(microsecondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(microsecondsSinceEpoch: 951_782_400_000_000).iso8601 == "2000-02-29T00:00:00.000000Z")
        #expect(Timestamp(microsecondsSinceEpoch: 253_402_300_799_999_999).iso8601 == "9999-12-31T23:59:59.999999Z")
        // Five-digit years take the general form.
        #expect(Timestamp(microsecondsSinceEpoch: 253_402_300_800_000_000).iso8601 == "10000-01-01T00:00:00.000000Z")
    }

    @Test func parsesWhatItFormatsAndOffsets() throws {
        for micros: Int64 in [0, 1_767_895_530_123_456, -86_400_000_001, 4_102_444_800_000_000] {
            let timestamp = Timestamp(microsecondsSinceEpoch: micros)
            #expect(Timestamp(iso8601: timestamp.iso8601) == timestamp)
        }
        #expect(Timestamp(iso8601: "2026-01-08T19:05:30+01:00") == Timestamp(iso8601: "2026-01-08T18:05:30Z"))
        #expect(Timestamp(iso8601: "2026-01-08T18:05:30.5Z")?.microsecondsSinceEpoch == 1_767_895_530_500_000)
        for bad in ["", "2026-01-08", "2026-13-08T18:05:30Z", "2026-01-08T18:05:30", "2026-01-08T18:05:30Zjunk"] {
            #expect(Timestamp(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [
        ("2026-02-30T00:00:00Z", "day 30 does not exist in month 2 of 2026, which has 28 days"),
        ("2026-02-29T00:00:00Z", "day 29 does not exist in month 2 of 2026"),
        ("2100-02-29T00:00:00Z", "day 29 does not exist in month 2 of 2100"),
        ("2026-04-31T00:00:00Z", "day 31 does not exist in month 4 of 2026, which has 30 days"),
        ("2026-01-00T00:00:00Z", "day 0 does not exist"),
        ("2026-00-10T00:00:00Z", "month 0 does not exist"),
        ("2026-01-08T24:00:00Z", "within 00:00:00 and 23:59:59"),
        ("2026-01-08T18:60:00Z", "within 00:00:00 and 23:59:59"),
        ("2026-01-08T18:05:60Z", "within 00:00:00 and 23:59:59"),
        ("2026-01-08T18:05:30+99:99", "an offset must be within -23:59 and +23:59"),
        ("2026-01-08T18:05:30-24:00", "an offset must be within -23:59 and +23:59"),
        ("2026-01-08T18:05:30+01:60", "an offset must be within -23:59 and +23:59"),
        ("2026-01-08T18:05:30", "a time zone is needed"),
        ("2026-01-08T18:05:30.Z", "needs digits after '.'"),
        ("2026-01-08T18:05:30Zjunk", "unexpected text after the offset"),
        ("26-01-08T18:05:30Z", "the year needs 4 digits"),
    ])
    func refusesImpossibleTimesSayingWhy(_ text: String, _ reason: String) {
        #expect(Timestamp(iso8601: text) == nil)
        #expect {
            try Timestamp(parsingISO8601: text)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains(text)
        }
    }

    @Test func acceptsEveryRealCalendarDay() throws {
        #expect(try Timestamp(parsingISO8601: "2024-02-29T23:59:59Z").iso8601 == "2024-02-29T23:59:59.000000Z")
        #expect(try Timestamp(parsingISO8601: "2000-02-29T00:00:00Z").iso8601 == "2000-02-29T00:00:00.000000Z")
        #expect(try Timestamp(parsingISO8601: "2026-12-31T00:00:00-23:59").iso8601 == "2026-12-31T23:59:00.000000Z")
        #expect(
            try Timestamp(parsingISO8601: "9999-12-31T23:59:59.999999Z").microsecondsSinceEpoch
                == 253_402_300_799_999_999
        )
        // Every day of a leap and a common year round-trips.
        for micros in stride(from: Int64(1_704_067_200_000_000), to: 1_767_225_600_000_000, by: 86_400_000_000) {
            let day = Timestamp(microsecondsSinceEpoch: micros)
            #expect(try Timestamp(parsingISO8601: day.iso8601) == day)
        }
    }

    @Test func convertsDates() {
        let date = Date(timeIntervalSince1970: 1_767_895_530.25)
        #expect(Timestamp(date).microsecondsSinceEpoch == 1_767_895_530_250_000)
        #expect(Timestamp(date).date == date)
        #expect(Timestamp(microsecondsSinceEpoch: 10).advanced(by: .seconds(1)).microsecondsSinceEpoch == 1_000_010)
        #expect(
            Timestamp(microsecondsSinceEpoch: 0).duration(to: Timestamp(microsecondsSinceEpoch: 1_500_000))
                == .milliseconds(1500)
        )
    }

    @Test func durationsBetweenTheExtremesDoNotOverflow() {
        let (earliest, latest) = (Timestamp(microsecondsSinceEpoch: .min), Timestamp(microsecondsSinceEpoch: .max))
        #expect(earliest.duration(to: latest) == .microseconds(Int64.max) + .microseconds(Int64.max) + .microseconds(1))
        #expect(latest.duration(to: earliest) == .zero - earliest.duration(to: latest))
        #expect(latest.advanced(by: .seconds(1)) == latest && earliest.advanced(by: .seconds(-1)) == earliest)
    }
}

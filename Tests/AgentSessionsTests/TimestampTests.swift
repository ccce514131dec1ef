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

extension Timestamp {
    /// The earliest time a store keeps: 0001-01-01T00:00:00Z.
    public static let earliestStorable = Timestamp(microsecondsSinceEpoch: -62_135_596_800_000_000)

    /// The latest time a store keeps: 9999-12-31T23:59:59.999999Z.
    ///
    /// Times are written as ISO 8601 text with four-digit years in some stores, so years past
    /// 9999 (and before 1) are refused rather than written in a form no store reads back.
    public static let latestStorable = Timestamp(microsecondsSinceEpoch: 253_402_300_799_999_999)

    /// Checks that a caller-supplied time lies within the years 1 to 9999.
    /// - Parameters:
    ///   - field: The input field, for the error.
    ///   - id: The session the time belongs to, for the message.
    /// - Throws: ``SessionStoreError`` (invalid argument, naming `field`) for a time outside
    ///   ``earliestStorable`` ... ``latestStorable``.
    package func validateStorable(field: String, of id: SessionID?) throws(SessionStoreError) {
        guard self < Self.earliestStorable || Self.latestStorable < self else { return }
        let subject = id.map { " of session '\($0)'" } ?? ""
        throw .invalid(
            field,
            "\(field)\(subject) is \(microsecondsSinceEpoch) microseconds from 1970, outside the years 1 to 9999 "
                + "that stores keep; give a time from \(Self.earliestStorable) to \(Self.latestStorable)"
        )
    }
}

extension Session {
    /// The largest count, version or sequence number a caller may give a store (2^53 − 1, the
    /// largest integer every JSON reader keeps exactly). Stores count on from there, so a
    /// restored session can never make a count overflow.
    public static let largestCount: Int64 = 9_007_199_254_740_991
}

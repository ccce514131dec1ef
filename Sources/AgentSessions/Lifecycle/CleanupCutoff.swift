/// The rule that decides which sessions a clean-up deletes, shared by every store.
public struct CleanupCutoff: Hashable, Sendable {
    /// Sessions whose last activity is strictly before this are stale.
    public var idleBefore: Timestamp
    /// Sessions whose expiry is at or before this have expired.
    public var now: Timestamp

    /// The cutoff for "idle longer than `age`" at `now`.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a negative age.
    public static func idleCutoff(age: Duration, now: Timestamp) throws(SessionStoreError) -> CleanupCutoff {
        guard age >= .zero else { throw .invalid("age", "the clean-up age must be 0 or more, not \(age)") }
        return CleanupCutoff(idleBefore: now.advanced(by: .zero - age), now: now)
    }

    /// Whether a clean-up deletes this session.
    public func isStale(_ session: Session) -> Bool {
        session.updatedAt < idleBefore || (session.expiresAt.map { $0 <= now } ?? false)
    }
}

/// The checks of ``SessionStore/fork(_:through:as:)``'s sequence number, shared by every store.
package enum ForkRange {
    /// The last sequence number to copy.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a negative sequence or one past
    ///   the last.
    package static func validate(_ sequence: Int64?, lastSequence: Int64) throws(SessionStoreError) -> Int64 {
        guard let sequence else { return lastSequence }
        guard sequence >= 0, sequence <= lastSequence else {
            throw .invalid(
                "sequence",
                "cannot fork through item \(sequence): the session's items go up to \(lastSequence)"
            )
        }
        return sequence
    }
}

/// The order of a listing: by last activity (the default) or by creation time, either way.
///
/// Ties are broken by id: ascending when the times go newest first, descending when they go
/// oldest first, so that each order is the exact reverse of the other and a cursor is stable
/// under both.
///
/// Its text, as in `GET /v1/sessions?sort=`, is the time's field name, with `-` in front for
/// newest first: `-updated_at` (the default), `updated_at`, `-created_at`, `created_at`.
public struct SessionOrder: Hashable, Sendable, CustomStringConvertible {
    /// The time sessions are ordered by.
    public enum Key: String, Hashable, Sendable, CaseIterable {
        /// The last activity (``Session/updatedAt``).
        case updatedAt = "updated_at"
        /// The creation time (``Session/createdAt``).
        case createdAt = "created_at"
    }

    /// The time sessions are ordered by.
    public var key: Key
    /// Whether the newest come first.
    public var isNewestFirst: Bool

    /// An order.
    public init(_ key: Key, newestFirst: Bool = true) {
        self.key = key
        self.isNewestFirst = newestFirst
    }

    /// Most recently active first: the default of every listing.
    public static let recentActivityFirst = SessionOrder(.updatedAt)
    /// Most recently created first.
    public static let newestFirst = SessionOrder(.createdAt)
    /// Oldest first.
    public static let oldestFirst = SessionOrder(.createdAt, newestFirst: false)

    /// Reads an order from its text: `-updated_at`, `updated_at`, `-created_at` or `created_at`.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `sort`) for any other text.
    public init(text: String) throws(SessionStoreError) {
        let newestFirst = text.hasPrefix("-")
        guard let key = Key(rawValue: String(newestFirst ? text.dropFirst() : text[...])) else {
            throw .invalid(
                "sort",
                "sort '\(Identifier.printable(text))' is not one of -updated_at, updated_at, -created_at, created_at "
                    + "(a leading - for newest first)"
            )
        }
        self.init(key, newestFirst: newestFirst)
    }

    /// The order's text: the time's field name, after `-` when the newest come first.
    public var text: String { (isNewestFirst ? "-" : "") + key.rawValue }

    public var description: String { text }

    /// The time a session is ordered by.
    package func time(of session: Session) -> Timestamp {
        time(createdAt: session.createdAt, updatedAt: session.updatedAt)
    }

    /// The time a summarized session is ordered by.
    package func time(of summary: SessionSummary) -> Timestamp {
        time(createdAt: summary.createdAt, updatedAt: summary.updatedAt)
    }

    private func time(createdAt: Timestamp, updatedAt: Timestamp) -> Timestamp {
        key == .updatedAt ? updatedAt : createdAt
    }

    /// Whether the session at (`time`, `id`) comes before the one at (`otherTime`, `otherID`).
    package func places(_ time: Timestamp, _ id: SessionID, before otherTime: Timestamp, _ otherID: SessionID) -> Bool {
        if time != otherTime { return isNewestFirst ? time > otherTime : time < otherTime }
        return isNewestFirst ? id < otherID : id > otherID
    }
}

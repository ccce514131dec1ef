/// Which sessions to list, in which order, and how many.
///
/// Sessions come most recently active first, ties by id ascending, unless ``order`` says
/// otherwise. Pass the page's ``SessionPage/nextCursor`` back as ``cursor`` for the next page.
///
/// ```swift
/// var query = SessionQuery(app: "ops", userID: "ana", isFinalized: false, limit: 50)
/// repeat {
///     let page = try await store.list(query)
///     handle(page.sessions)
///     query.cursor = page.nextCursor
/// } while query.cursor != nil
/// ```
public struct SessionQuery: Hashable, Sendable {
    /// The app whose sessions are listed. Defaults to `default`.
    public var app: String
    /// Only this user's sessions.
    public var userID: String?
    /// Only this agent's sessions.
    public var agentName: String?
    /// Only children of this session.
    public var parentID: SessionID?
    /// Only sessions in this phase.
    public var phase: Phase?
    /// `false`: only active sessions; `true`: only finalized ones; `nil`: both.
    public var isFinalized: Bool?
    /// Only sessions carrying every one of these tags.
    public var tags: [String]
    /// Only sessions whose metadata has each of these keys with exactly this string value (a
    /// number, boolean, object or array value never matches).
    public var metadata: [String: String]
    /// The order of the listing. Defaults to ``SessionOrder/recentActivityFirst``.
    public var order: SessionOrder
    /// At most this many sessions; `nil` for all.
    public var limit: Int?
    /// Where the previous page ended; it must come from a listing in the same ``order``.
    public var cursor: SessionCursor?

    /// Describes a listing. Every filter defaults to "any".
    public init(
        app: String = SessionKey.defaultApp,
        userID: String? = nil,
        agentName: String? = nil,
        parentID: SessionID? = nil,
        phase: Phase? = nil,
        isFinalized: Bool? = nil,
        tags: [String] = [],
        metadata: [String: String] = [:],
        order: SessionOrder = .recentActivityFirst,
        limit: Int? = nil,
        cursor: SessionCursor? = nil
    ) {
        self.app = app
        self.userID = userID
        self.agentName = agentName
        self.parentID = parentID
        self.phase = phase
        self.isFinalized = isFinalized
        self.tags = tags
        self.metadata = metadata
        self.order = order
        self.limit = limit
        self.cursor = cursor
    }

    /// The longest metadata key a filter takes, in characters.
    public static let maximumMetadataKeyLength = 256

    /// Checks the values.
    /// - Parameter lifecycles: The store's lifecycles, which say which phases exist.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a bad app, a phase the app's
    ///   lifecycle does not know, a negative limit, a malformed tag, an empty or overlong
    ///   metadata key or a NUL in a metadata value, or a cursor of another order.
    package func validate(lifecycles: LifecycleCatalog) throws(SessionStoreError) {
        try SessionKey.validateApp(app)
        if let phase { try lifecycles.lifecycle(for: app).validate(phase) }
        if let limit, limit < 0 { throw .invalid("limit", "limit must be 0 or more, not \(limit)") }
        for tag in tags { try SessionLabels.validateTag(tag) }
        for (key, value) in metadata {
            guard !key.isEmpty, key.count <= Self.maximumMetadataKeyLength, !key.utf8.contains(0) else {
                throw .invalid(
                    "metadata",
                    "metadata key '\(Identifier.printable(key))' must be 1 to \(Self.maximumMetadataKeyLength) "
                        + "characters without NUL"
                )
            }
            if value.utf8.contains(0) {
                throw .invalid("metadata", "the value of metadata key '\(Identifier.printable(key))' contains a NUL")
            }
        }
        if let cursor, cursor.order != order {
            throw .invalid(
                "cursor",
                "the cursor continues a listing sorted by \(cursor.order), not \(order); give the sort it came with"
            )
        }
    }

    /// Whether a session passes the filters (not the cursor). Stores without a query language use it.
    package func matches(_ session: Session) -> Bool {
        session.app == app
            && (userID == nil || session.userID == userID)
            && (agentName == nil || session.agentName == agentName)
            && (parentID == nil || session.parentID == parentID)
            && (phase == nil || session.phase == phase)
            && (isFinalized == nil || session.isFinalized == isFinalized)
            && tags.allSatisfy { session.tags.contains($0) }
            && metadata.allSatisfy { session.metadata[$0.key] == .string($0.value) }
    }

    /// The query without its cursor and limit: the filters alone, as a count takes them.
    package var filters: SessionQuery {
        var filters = self
        filters.cursor = nil
        filters.limit = nil
        return filters
    }
}

/// One page of a listing.
public struct SessionPage: Hashable, Sendable {
    /// The sessions, most recently active first.
    public var sessions: [Session]
    /// Where to continue, or `nil` when this was the last page.
    public var nextCursor: SessionCursor?

    /// Creates a page.
    public init(sessions: [Session], nextCursor: SessionCursor?) {
        self.sessions = sessions
        self.nextCursor = nextCursor
    }

    /// The page of sessions read with one more than the limit (in the listing's `order`): the
    /// extra one is dropped, and its presence gives the cursor after the page's last session.
    package init(overfetched sessions: [Session], limit: Int?, order: SessionOrder) {
        var sessions = sessions
        let nextCursor = SessionCursor.cutting(&sessions, to: limit) { SessionCursor(after: $0, in: order) }
        self.init(sessions: sessions, nextCursor: nextCursor)
    }
}

extension SessionSummaryPage {
    /// The page of summaries read with one more than the limit (in the listing's `order`): the
    /// extra one is dropped, and its presence gives the cursor after the page's last summary.
    package init(overfetched summaries: [SessionSummary], limit: Int?, order: SessionOrder) {
        var summaries = summaries
        let nextCursor = SessionCursor.cutting(&summaries, to: limit) { SessionCursor(after: $0, in: order) }
        self.init(summaries: summaries, nextCursor: nextCursor)
    }
}

/// The position after a session in a listing's order; opaque to callers as ``token``.
public struct SessionCursor: Hashable, Sendable {
    /// The time the listing is ordered by (last activity or creation) of the page's last session.
    public var time: Timestamp
    /// The id of the last session of the page.
    public var id: SessionID
    /// The order of the listing the cursor continues.
    public var order: SessionOrder

    /// The position just after a session in a listing's order.
    public init(after session: Session, in order: SessionOrder = .recentActivityFirst) {
        self.init(time: order.time(of: session), id: session.id, order: order)
    }

    /// The position just after a summarized session in a listing's order.
    public init(after summary: SessionSummary, in order: SessionOrder = .recentActivityFirst) {
        self.init(time: order.time(of: summary), id: summary.id, order: order)
    }

    /// Cuts a listing read with one element more than `limit` down to the limit.
    /// - Returns: The position after the last element kept when one was cut (another page
    ///   follows), otherwise `nil`.
    package static func cutting<Element>(
        _ elements: inout [Element],
        to limit: Int?,
        after position: (Element) -> SessionCursor
    ) -> SessionCursor? {
        guard let limit, elements.count > limit else { return nil }
        elements.removeSubrange(limit...)
        return elements.last.map(position)
    }

    /// The position just after the session with this time and id in a listing's order.
    public init(time: Timestamp, id: SessionID, order: SessionOrder = .recentActivityFirst) {
        self.time = time
        self.id = id
        self.order = order
    }

    /// Decodes a token from ``token``.
    ///
    /// A token is a time in 1 to 12 lowercase base-36 digits (after `-` for a time before
    /// 1970), `~` and a session id, then, for an order other than the default, `~` and the
    /// order's text; no other spelling of the same position is taken.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `cursor`) for a token this
    ///   library did not make.
    public init(token: String) throws(SessionStoreError) {
        let parts = token.split(separator: "~", maxSplits: 2, omittingEmptySubsequences: false)
        let digits = parts.first.map { $0.hasPrefix("-") ? $0.dropFirst() : $0 } ?? ""
        let order = parts.count == 3 ? try? SessionOrder(text: String(parts[2])) : .recentActivityFirst
        guard (2...3).contains(parts.count), let order, parts.count == 2 || order != .recentActivityFirst,
            (1...12).contains(digits.utf8.count),
            digits.utf8.allSatisfy({ (48...57).contains($0) || (97...122).contains($0) }),
            let micros = Int64(parts[0], radix: 36),
            let id = try? SessionID(String(parts[1]))
        else { throw .invalid("cursor", "cursor '\(Identifier.printable(token))' is not one this server gave out") }
        self.init(time: Timestamp(microsecondsSinceEpoch: micros), id: id, order: order)
    }

    /// The cursor as an opaque text token, safe in a URL.
    public var token: String {
        let position = String(time.microsecondsSinceEpoch, radix: 36) + "~" + id.rawValue
        return order == .recentActivityFirst ? position : position + "~" + order.text
    }

    /// Whether a session comes after this position in the cursor's order.
    package func precedes(_ session: Session) -> Bool {
        order.places(time, id, before: order.time(of: session), session.id)
    }
}

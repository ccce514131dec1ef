/// Which sessions to list, and how many.
///
/// Sessions come most recently active first, ties by id ascending. Pass the page's
/// ``SessionPage/nextCursor`` back as ``cursor`` for the next page.
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
    /// At most this many sessions; `nil` for all.
    public var limit: Int?
    /// Where the previous page ended.
    public var cursor: SessionCursor?

    /// Describes a listing. Every filter defaults to "any".
    public init(
        app: String = SessionKey.defaultApp,
        userID: String? = nil,
        agentName: String? = nil,
        parentID: SessionID? = nil,
        phase: Phase? = nil,
        isFinalized: Bool? = nil,
        limit: Int? = nil,
        cursor: SessionCursor? = nil
    ) {
        self.app = app
        self.userID = userID
        self.agentName = agentName
        self.parentID = parentID
        self.phase = phase
        self.isFinalized = isFinalized
        self.limit = limit
        self.cursor = cursor
    }

    /// Checks the values.
    /// - Parameter lifecycles: The store's lifecycles, which say which phases exist.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a bad app, a phase the app's
    ///   lifecycle does not know, or a negative limit.
    package func validate(lifecycles: LifecycleCatalog) throws(SessionStoreError) {
        try SessionKey.validateApp(app)
        if let phase { try lifecycles.lifecycle(for: app).validate(phase) }
        if let limit, limit < 0 { throw .invalid("limit", "limit must be 0 or more, not \(limit)") }
    }

    /// Whether a session passes the filters (not the cursor). Stores without a query language use it.
    package func matches(_ session: Session) -> Bool {
        session.app == app
            && (userID == nil || session.userID == userID)
            && (agentName == nil || session.agentName == agentName)
            && (parentID == nil || session.parentID == parentID)
            && (phase == nil || session.phase == phase)
            && (isFinalized == nil || session.isFinalized == isFinalized)
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

    /// The page of sessions read with one more than the limit (in listing order): the extra
    /// one is dropped, and its presence gives the cursor after the page's last session.
    package init(overfetched sessions: [Session], limit: Int?) {
        var sessions = sessions
        var nextCursor: SessionCursor?
        if let limit, sessions.count > limit {
            sessions.removeSubrange(limit...)
            nextCursor = sessions.last.map(SessionCursor.init(after:))
        }
        self.init(sessions: sessions, nextCursor: nextCursor)
    }
}

/// The position after a session in the listing order; opaque to callers as ``token``.
public struct SessionCursor: Hashable, Sendable {
    /// The last activity of the last session of the page.
    public var updatedAt: Timestamp
    /// The id of the last session of the page.
    public var id: SessionID

    /// The position just after a session.
    public init(after session: Session) {
        self.init(updatedAt: session.updatedAt, id: session.id)
    }

    /// The position just after the session with this last activity and id.
    public init(updatedAt: Timestamp, id: SessionID) {
        self.updatedAt = updatedAt
        self.id = id
    }

    /// Decodes a token from ``token``.
    ///
    /// A token is a time in 1 to 12 lowercase base-36 digits (after `-` for a time before
    /// 1970), `~` and a session id; no other spelling of the same time is taken.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `cursor`) for a token this
    ///   library did not make.
    public init(token: String) throws(SessionStoreError) {
        let parts = token.split(separator: "~", maxSplits: 1)
        let digits = parts.first.map { $0.hasPrefix("-") ? $0.dropFirst() : $0 } ?? ""
        guard parts.count == 2, (1...12).contains(digits.utf8.count),
            digits.utf8.allSatisfy({ (48...57).contains($0) || (97...122).contains($0) }),
            let micros = Int64(parts[0], radix: 36),
            let id = try? SessionID(String(parts[1]))
        else { throw .invalid("cursor", "cursor '\(Identifier.printable(token))' is not one this server gave out") }
        self.updatedAt = Timestamp(microsecondsSinceEpoch: micros)
        self.id = id
    }

    /// The cursor as an opaque text token, safe in a URL.
    public var token: String { String(updatedAt.microsecondsSinceEpoch, radix: 36) + "~" + id.rawValue }

    /// Whether a session comes after this position in the listing order.
    package func precedes(_ session: Session) -> Bool {
        session.updatedAt < updatedAt || (session.updatedAt == updatedAt && session.id > id)
    }
}

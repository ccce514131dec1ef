/// A session without its state, metadata and history: what a listing shows (a chat sidebar's
/// entry, a table row), read without the JSON a whole session carries.
///
/// ``SessionStore/listSummaries(_:)`` lists them with the filters, order and cursors of
/// ``SessionStore/list(_:)``.
public struct SessionSummary: Hashable, Sendable {
    /// The session's id, unique within ``app``.
    public var id: SessionID
    /// The app the session belongs to.
    public var app: String
    /// The user; empty when none was given.
    public var userID: String
    /// The agent; empty when none was given.
    public var agentName: String
    /// The parent session, for child sessions.
    public var parentID: SessionID?
    /// Persistent or ephemeral.
    public var kind: SessionKind
    /// The title, if the session has one.
    public var title: String?
    /// The tags, sorted.
    public var tags: [String]
    /// The current phase.
    public var phase: Phase
    /// Whether the session is marked ready to be resumed.
    public var isResumeReady: Bool
    /// When the session was created.
    public var createdAt: Timestamp
    /// The last activity.
    public var updatedAt: Timestamp
    /// When the session was finalized, if it was.
    public var finalizedAt: Timestamp?
    /// The outcome given at finalization.
    public var outcome: Phase?
    /// How many errors were recorded.
    public var errorCount: Int
    /// The session's version.
    public var version: Int64
    /// When the session expires, if ever.
    public var expiresAt: Timestamp?
    /// The highest sequence number ever given to an item of this session.
    public var lastSequence: Int64

    /// The session's key: its app and id.
    public var key: SessionKey { SessionKey(id, app: app) }

    /// Whether the session was finalized.
    public var isFinalized: Bool { finalizedAt != nil }

    /// A summary with every field given; stores that read summaries from their rows use it.
    public init(
        id: SessionID,
        app: String,
        userID: String,
        agentName: String,
        parentID: SessionID?,
        kind: SessionKind,
        title: String?,
        tags: [String],
        phase: Phase,
        isResumeReady: Bool,
        createdAt: Timestamp,
        updatedAt: Timestamp,
        finalizedAt: Timestamp?,
        outcome: Phase?,
        errorCount: Int,
        version: Int64,
        expiresAt: Timestamp?,
        lastSequence: Int64
    ) {
        self.id = id
        self.app = app
        self.userID = userID
        self.agentName = agentName
        self.parentID = parentID
        self.kind = kind
        self.title = title
        self.tags = tags
        self.phase = phase
        self.isResumeReady = isResumeReady
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finalizedAt = finalizedAt
        self.outcome = outcome
        self.errorCount = errorCount
        self.version = version
        self.expiresAt = expiresAt
        self.lastSequence = lastSequence
    }

    /// The summary of a whole session.
    public init(_ session: Session) {
        self.id = session.id
        self.app = session.app
        self.userID = session.userID
        self.agentName = session.agentName
        self.parentID = session.parentID
        self.kind = session.kind
        self.title = session.title
        self.tags = session.tags
        self.phase = session.phase
        self.isResumeReady = session.isResumeReady
        self.createdAt = session.createdAt
        self.updatedAt = session.updatedAt
        self.finalizedAt = session.finalizedAt
        self.outcome = session.outcome
        self.errorCount = session.errorCount
        self.version = session.version
        self.expiresAt = session.expiresAt
        self.lastSequence = session.lastSequence
    }
}

extension Session {
    /// A session with a summary's fields and the defaults of every other one: no state,
    /// metadata, summary, last error or phase history, and no resumes.
    package init(_ summary: SessionSummary) {
        self.init(
            id: summary.id,
            app: summary.app,
            userID: summary.userID,
            agentName: summary.agentName,
            parentID: summary.parentID,
            kind: summary.kind,
            phase: summary.phase,
            isResumeReady: summary.isResumeReady,
            title: summary.title,
            tags: summary.tags,
            createdAt: summary.createdAt,
            updatedAt: summary.updatedAt,
            finalizedAt: summary.finalizedAt,
            outcome: summary.outcome,
            errorCount: summary.errorCount,
            version: summary.version,
            expiresAt: summary.expiresAt,
            lastSequence: summary.lastSequence
        )
    }
}

/// One page of a listing of summaries.
public struct SessionSummaryPage: Hashable, Sendable {
    /// The summaries, in the listing's order.
    public var summaries: [SessionSummary]
    /// Where to continue, or `nil` when this was the last page.
    public var nextCursor: SessionCursor?

    /// Creates a page.
    public init(summaries: [SessionSummary], nextCursor: SessionCursor?) {
        self.summaries = summaries
        self.nextCursor = nextCursor
    }

    /// The summaries of a page of whole sessions.
    public init(_ page: SessionPage) {
        self.init(summaries: page.sessions.map(SessionSummary.init), nextCursor: page.nextCursor)
    }
}

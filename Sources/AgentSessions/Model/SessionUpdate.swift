/// A change to a session, applied atomically by ``SessionStore/update(_:_:expectedVersion:)``.
///
/// Every field is optional; the fields given are applied together or not at all.
///
/// ```swift
/// try await store.update(key, SessionUpdate(phase: .approval, metadata: ["plan": "plan.json"], isResumeReady: true))
/// try await store.update(key, .finalize(.completed, summary: "Applied"))
/// ```
public struct SessionUpdate: Hashable, Sendable {
    /// The outcome and summary of a finalization.
    public struct Finalization: Hashable, Sendable {
        /// One of the lifecycle's final phases: `completed`, `failed` or `abandoned` by default.
        public var outcome: Phase
        /// What happened, for people.
        public var summary: String?

        /// Describes a finalization.
        public init(outcome: Phase, summary: String? = nil) {
            self.outcome = outcome
            self.summary = summary
        }
    }

    /// Move to this phase (recorded in the phase history). Leaving a final phase is refused.
    public var phase: Phase?
    /// Shallow merge into the metadata; a key set to `null` is removed.
    public var metadata: JSONObject?
    /// State delta; a key set to `null` is removed. `app:` and `user:` keys change their shared
    /// scopes, `temp:` keys are never stored.
    public var state: JSONObject?
    /// Set or clear the resume-ready flag.
    public var isResumeReady: Bool?
    /// Record an error: the error count goes up by one and this becomes the last error.
    public var error: String?
    /// Count one resume of the session (for statistics).
    public var recordsResume: Bool
    /// Finalize the session: the phase becomes the outcome, and finalized_at and the duration
    /// are set. Cannot be combined with ``phase``.
    public var finalization: Finalization?
    /// Set the expiry time.
    public var expiresAt: Timestamp?
    /// Set the title; an empty one removes it.
    public var title: String?
    /// Replace the tags with these (an empty list removes them all).
    public var tags: [String]?

    /// Describes an update. Every parameter defaults to "leave as it is".
    public init(
        phase: Phase? = nil,
        metadata: JSONObject? = nil,
        state: JSONObject? = nil,
        isResumeReady: Bool? = nil,
        error: String? = nil,
        recordsResume: Bool = false,
        finalization: Finalization? = nil,
        expiresAt: Timestamp? = nil,
        title: String? = nil,
        tags: [String]? = nil
    ) {
        self.phase = phase
        self.metadata = metadata
        self.state = state
        self.isResumeReady = isResumeReady
        self.error = error
        self.recordsResume = recordsResume
        self.finalization = finalization
        self.expiresAt = expiresAt
        self.title = title
        self.tags = tags
    }

    /// An update that finalizes the session.
    public static func finalize(_ outcome: Phase, summary: String? = nil) -> SessionUpdate {
        SessionUpdate(finalization: Finalization(outcome: outcome, summary: summary))
    }

    /// An update that records an error.
    public static func recordError(_ message: String) -> SessionUpdate {
        SessionUpdate(error: message)
    }
}

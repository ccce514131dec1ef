/// When a session may be resumed (seed 002's resume decision).
///
/// The checks run in this order and the first that fails is the reason: not found, finalized,
/// not resume-ready, phase not resumable, too many errors, idle too long.
///
/// ```swift
/// let policy = ResumePolicy(maximumIdle: .seconds(3600))
/// let decision = try await store.resumeDecision(for: key, policy: policy)
/// if decision.shouldResume { … }
/// ```
public struct ResumePolicy: Hashable, Sendable {
    /// The phases a session may be resumed from; `nil` uses the app lifecycle's resumable phases
    /// (for the standard lifecycle: approval, investigating, planning). Defaults to `nil`.
    public var resumablePhases: Set<Phase>?
    /// The longest time since the last activity. Defaults to 30 minutes.
    public var maximumIdle: Duration
    /// Sessions with this many recorded errors or more are not resumed. Defaults to 3.
    public var maximumErrors: Int

    /// Describes a policy; every parameter has seed 002's default.
    public init(resumablePhases: Set<Phase>? = nil, maximumIdle: Duration = .seconds(30 * 60), maximumErrors: Int = 3) {
        self.resumablePhases = resumablePhases
        self.maximumIdle = maximumIdle
        self.maximumErrors = maximumErrors
    }

    /// Checks that every phase of ``resumablePhases`` belongs to a lifecycle.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `resumable_phases`) naming the
    ///   unknown phase and the known ones.
    public func validate(against lifecycle: Lifecycle) throws(SessionStoreError) {
        for phase in (resumablePhases ?? []).sorted() {
            try lifecycle.validate(phase, field: "resumable_phases")
        }
    }

    /// Decides whether a session may be resumed.
    /// - Parameters:
    ///   - facts: What the decision needs to know of the session, or `nil` if it does not exist.
    ///   - lifecycle: The app's lifecycle, for the default resumable phases.
    ///   - now: The current time.
    public func decide(_ facts: ResumeFacts?, lifecycle: Lifecycle, now: Timestamp) -> ResumeDecision {
        guard let facts else { return ResumeDecision(reason: .notFound) }
        if facts.isFinalized { return ResumeDecision(reason: .finalized) }
        if !facts.isResumeReady { return ResumeDecision(reason: .notResumeReady) }
        if !(resumablePhases ?? lifecycle.resumable).contains(facts.phase) {
            return ResumeDecision(reason: .phaseNotResumable)
        }
        if facts.errorCount >= maximumErrors { return ResumeDecision(reason: .tooManyErrors) }
        if facts.updatedAt.duration(to: now) >= maximumIdle { return ResumeDecision(reason: .idleTooLong) }
        return ResumeDecision(reason: .resumable)
    }
}

/// What a resume decision reads of a session.
public struct ResumeFacts: Hashable, Sendable {
    /// The session's current phase.
    public var phase: Phase
    /// Whether the session is marked ready to resume.
    public var isResumeReady: Bool
    /// Whether the session was finalized.
    public var isFinalized: Bool
    /// How many errors the session recorded.
    public var errorCount: Int
    /// The session's last activity.
    public var updatedAt: Timestamp

    /// Creates the facts.
    public init(phase: Phase, isResumeReady: Bool, isFinalized: Bool, errorCount: Int, updatedAt: Timestamp) {
        self.phase = phase
        self.isResumeReady = isResumeReady
        self.isFinalized = isFinalized
        self.errorCount = errorCount
        self.updatedAt = updatedAt
    }

    /// The facts of a session.
    public init(_ session: Session) {
        self.init(
            phase: session.phase,
            isResumeReady: session.isResumeReady,
            isFinalized: session.isFinalized,
            errorCount: session.errorCount,
            updatedAt: session.updatedAt
        )
    }
}

/// Whether to resume a session, and why.
public struct ResumeDecision: Hashable, Sendable, CustomStringConvertible {
    /// Why the decision was made.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        /// The reason as stable snake_case text (`session_resumable`, `idle_too_long`, …).
        public let rawValue: String

        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// Every check passed.
        public static let resumable = Reason("session_resumable")
        /// No such session.
        public static let notFound = Reason("not_found")
        /// The session was finalized.
        public static let finalized = Reason("finalized")
        /// The session is not marked resume-ready.
        public static let notResumeReady = Reason("not_resume_ready")
        /// The session's phase is not resumable.
        public static let phaseNotResumable = Reason("phase_not_resumable")
        /// The session recorded too many errors.
        public static let tooManyErrors = Reason("too_many_errors")
        /// The session was idle too long.
        public static let idleTooLong = Reason("idle_too_long")

        public var description: String { rawValue }
    }

    /// Why.
    public var reason: Reason

    /// Creates a decision.
    public init(reason: Reason) { self.reason = reason }

    /// Whether the session should be resumed.
    public var shouldResume: Bool { reason == .resumable }

    public var description: String { shouldResume ? "resume (\(reason))" : "do not resume (\(reason))" }
}

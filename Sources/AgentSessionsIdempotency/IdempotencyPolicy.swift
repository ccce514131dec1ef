import AgentSessions

/// How long idempotency records count: the replay window and the claim timeout; and how often
/// a server's ``IdempotencyCleanupService`` removes records past their time.
///
/// ```swift
/// let policy = IdempotencyPolicy(window: .seconds(24 * 3600), claimTimeout: .seconds(300))
/// let records = InMemoryIdempotencyStore(policy: policy)
/// ```
public struct IdempotencyPolicy: Sendable, Hashable {
    /// How long an answer is replayed, from the moment it was recorded. Defaults to 24 hours.
    public var window: Duration
    /// How long a claim without an answer blocks its key. A claim is normally finished or
    /// abandoned within the request; one left behind by a process that died is claimed again
    /// by the first request after this long. Choose it longer than the slowest request (a chat
    /// turn waits for its model): a request still running after it may be run a second time by
    /// a retry. Defaults to 5 minutes.
    public var claimTimeout: Duration
    /// The time between two removals of records past their time by a server's
    /// ``IdempotencyCleanupService``. Defaults to 1 minute.
    public var cleanupInterval: Duration

    /// Describes a policy; every parameter has a default.
    /// - Parameters:
    ///   - window: How long an answer is replayed. Defaults to 24 hours.
    ///   - claimTimeout: How long an unanswered claim blocks its key. Defaults to 5 minutes.
    ///   - cleanupInterval: The time between two removals of old records. Defaults to 1 minute.
    public init(
        window: Duration = .seconds(24 * 3600),
        claimTimeout: Duration = .seconds(5 * 60),
        cleanupInterval: Duration = .seconds(60)
    ) {
        self.window = window
        self.claimTimeout = claimTimeout
        self.cleanupInterval = cleanupInterval
    }
}

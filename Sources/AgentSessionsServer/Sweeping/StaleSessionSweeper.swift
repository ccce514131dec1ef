public import AgentSessions
public import CoreMetrics
public import Logging
public import ServiceLifecycle

/// A background service that deletes expired sessions, and sessions idle longer than their
/// app's idle time, without a `POST /v1/cleanup`.
///
/// Every ``Configuration/interval`` it deletes, in every app, each session past its
/// `expires_at` (by the store's clock), then, for each app of ``Configuration/idleTimes``,
/// that app's sessions whose last activity is that long ago or more, with their items and
/// descendants (`SessionStore/deleteSessions(idleLongerThan:app:)`). Apps without an idle
/// time lose only expired sessions. It counts what it deletes in
/// `agent_sessions_sessions_swept_total`, by `reason` (`expired` or `idle`); a failed sweep is
/// logged and tried again at the next interval.
///
/// Run it in a `ServiceGroup`; it stops at graceful shutdown (its timer uses
/// `cancelOnGracefulShutdown()`) and on cancellation. The timer's clock is injected, so tests
/// call ``sweep()`` or drive the clock by hand.
///
/// ```swift
/// let sweeper = StaleSessionSweeper(
///     store: store, configuration: .init(interval: .seconds(60), idleTimes: ["ops": .seconds(86_400)]))
/// let group = ServiceGroup(services: [sweeper, server], logger: logger)
/// try await group.run()
/// ```
public struct StaleSessionSweeper: Service {
    /// How often the sweeper runs, and which apps also lose idle sessions.
    public struct Configuration: Sendable, Hashable {
        /// The time between two sweeps. Defaults to 60 seconds.
        public var interval: Duration
        /// The idle time after which a session of an app is deleted, by app. Apps not listed
        /// keep idle sessions (only expired ones are deleted). Defaults to none.
        public var idleTimes: [String: Duration]

        /// Describes a sweeper; every parameter has a default.
        public init(interval: Duration = .seconds(60), idleTimes: [String: Duration] = [:]) {
            self.interval = interval
            self.idleTimes = idleTimes
        }
    }

    /// What one sweep deleted.
    public struct Outcome: Sendable, Hashable {
        /// Sessions deleted because they had expired.
        public var expired: Int
        /// Sessions deleted because they were idle longer than their app's idle time.
        public var idle: Int

        /// Describes a sweep's deletions.
        public init(expired: Int, idle: Int) {
            self.expired = expired
            self.idle = idle
        }
    }

    /// An idle time so long that only expired sessions are older: a clean-up with it deletes
    /// expired sessions alone.
    static let expiredOnly: Duration = .seconds(Int64.max)

    private let store: any SessionStore
    private let configuration: Configuration
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let expiredCounter: Counter
    private let idleCounter: Counter

    /// Creates a sweeper.
    /// - Parameters:
    ///   - store: The store to sweep.
    ///   - configuration: The interval and the idle times by app.
    ///   - clock: The clock the timer sleeps on. Defaults to the continuous clock. Ages and
    ///     expiry are measured by the store's own clock.
    ///   - metricsFactory: Where the counts of swept sessions go. Defaults to the process's
    ///     `MetricsSystem`.
    ///   - logger: Where sweeps are logged (at debug and info level). Defaults to no logging.
    public init(
        store: any SessionStore,
        configuration: Configuration = Configuration(),
        clock: any Clock<Duration> = ContinuousClock(),
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger = Logger(label: "agent-sessions.cleanup", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        let label = MetricNames.sessionsSwept
        expiredCounter = Counter(label: label, dimensions: [("reason", "expired")], factory: metricsFactory)
        idleCounter = Counter(label: label, dimensions: [("reason", "idle")], factory: metricsFactory)
    }

    /// Sweeps every ``Configuration/interval`` until graceful shutdown or cancellation.
    public func run() async throws {
        try await ClockTicks(interval: configuration.interval, clock: clock).run { await sweep() }
    }

    /// Deletes expired sessions, then idle ones of the apps with an idle time, once.
    ///
    /// A failure is logged and does not stop the rest of the sweep.
    /// - Returns: How many sessions were deleted, and why.
    @discardableResult
    public func sweep() async -> Outcome {
        var outcome = Outcome(expired: 0, idle: 0)
        outcome.expired = await delete(idleLongerThan: Self.expiredOnly, app: nil)
        for (app, idleTime) in configuration.idleTimes.sorted(by: { $0.key < $1.key }) {
            outcome.idle += await delete(idleLongerThan: idleTime, app: app)
        }
        expiredCounter.increment(by: outcome.expired)
        idleCounter.increment(by: outcome.idle)
        if outcome.expired > 0 {
            logger.info("Deleted expired sessions", metadata: [LogKeys.count: "\(outcome.expired)"])
        }
        if outcome.idle > 0 {
            logger.info("Deleted idle sessions", metadata: [LogKeys.count: "\(outcome.idle)"])
        }
        return outcome
    }

    /// One clean-up call; a failure is logged and counts as none deleted.
    private func delete(idleLongerThan age: Duration, app: String?) async -> Int {
        do {
            return try await store.deleteSessions(idleLongerThan: age, app: app)
        } catch {
            logger.info(
                "Could not delete expired or idle sessions",
                metadata: [LogKeys.app: "\(app ?? "*")", LogKeys.error: "\(error)"]
            )
            return 0
        }
    }
}

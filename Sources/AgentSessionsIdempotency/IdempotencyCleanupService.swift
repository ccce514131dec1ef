public import AgentSessions
public import Logging
public import ServiceLifecycle

/// A background service that deletes `Idempotency-Key` records past their time: answers older
/// than the window, claims older than the claim timeout (left by a process that died).
///
/// Records past their time no longer count whether or not they are deleted; the service keeps
/// the storage (or memory) bounded by what the window holds. Every interval it calls
/// ``IdempotencyStore/removeExpired(now:)`` with the wall clock's time. A failure is logged and
/// tried again at the next interval. On a database several servers share, each server's
/// service deletes what has expired; the deletes do not conflict.
///
/// Run it in a `ServiceGroup`; it stops at graceful shutdown (its timer uses
/// `cancelOnGracefulShutdown()`) and on cancellation. The timer's clock is injected, so tests
/// call ``removeExpired()`` or drive the clock by hand.
///
/// ```swift
/// let cleanup = IdempotencyCleanupService(records: records, interval: .seconds(60), wallClock: store.clock)
/// let group = ServiceGroup(services: [cleanup, server], logger: logger)
/// try await group.run()
/// ```
public struct IdempotencyCleanupService: Service {
    private let records: any IdempotencyStore
    private let interval: Duration
    private let wallClock: any WallClock
    private let clock: any Clock<Duration>
    private let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - records: The records to clean up.
    ///   - interval: The time between two removals (``IdempotencyPolicy/cleanupInterval``).
    ///   - wallClock: The time records are compared with: the store's clock.
    ///   - clock: The clock the timer sleeps on. Defaults to the continuous clock.
    ///   - logger: Where removals are logged (at debug and info level). Defaults to no logging.
    public init(
        records: any IdempotencyStore,
        interval: Duration,
        wallClock: any WallClock,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "agent-sessions.idempotency", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.records = records
        self.interval = interval
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
    }

    /// Removes old records every interval until graceful shutdown or cancellation.
    public func run() async throws {
        try await ClockTicks(interval: interval, clock: clock).run { await removeExpired() }
    }

    /// Deletes the records past their time now, once; a failure is logged, not thrown.
    /// - Returns: How many records were deleted (0 after a failure).
    @discardableResult
    public func removeExpired() async -> Int {
        do {
            let removed = try await records.removeExpired(now: wallClock.now())
            logger.debug("Removed old Idempotency-Key records", metadata: [LogKeys.count: "\(removed)"])
            return removed
        } catch {
            logger.info("Could not remove old Idempotency-Key records", metadata: [LogKeys.error: "\(error)"])
            return 0
        }
    }
}

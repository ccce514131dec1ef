public import AgentSessions
public import Logging
public import ServiceLifecycle

/// A background service that deletes ephemeral child sessions left idle too long.
///
/// Every ``Configuration/interval`` it looks at each session of its
/// ``EphemeralChildRegistry``: a session that no longer exists is forgotten, and one whose last
/// activity is ``Configuration/idleTime`` or more ago (by the store's clock) is deleted with its
/// items and descendants. A child whose work crashed or was abandoned therefore does not leak.
///
/// Run it in a `ServiceGroup`; it stops at graceful shutdown (its timer uses
/// `cancelOnGracefulShutdown()`) and on cancellation. The timer's clock is injected, so tests
/// call ``sweep()`` or drive the clock by hand.
///
/// ```swift
/// let sweeper = EphemeralChildSweeper(store: store, children: children, logger: logger)
/// let group = ServiceGroup(services: [sweeper, server], logger: logger)
/// try await group.run()
/// ```
public struct EphemeralChildSweeper: Service {
    /// How often the sweeper runs and when a child counts as idle.
    public struct Configuration: Sendable, Hashable {
        /// The time between two sweeps. Defaults to 60 seconds.
        public var interval: Duration
        /// The idle time after which an ephemeral child is deleted. Defaults to 15 minutes.
        public var idleTime: Duration
        /// The apps whose ephemeral sessions are looked up when the sweeper starts, so that
        /// children created before a restart are swept too. Defaults to none.
        public var apps: [String]

        /// Describes a sweeper; every parameter has a default.
        public init(interval: Duration = .seconds(60), idleTime: Duration = .seconds(15 * 60), apps: [String] = []) {
            self.interval = interval
            self.idleTime = idleTime
            self.apps = apps
        }
    }

    private let store: any SessionStore
    private let children: EphemeralChildRegistry
    private let configuration: Configuration
    private let clock: any Clock<Duration>
    private let logger: Logger

    /// Creates a sweeper.
    /// - Parameters:
    ///   - store: The store the children live in.
    ///   - children: The children to watch.
    ///   - configuration: The interval and idle time.
    ///   - clock: The clock the timer sleeps on. Defaults to the continuous clock.
    ///   - logger: Where sweeps are logged (at debug and info level). Defaults to no logging.
    public init(
        store: any SessionStore,
        children: EphemeralChildRegistry,
        configuration: Configuration = Configuration(),
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "agent-sessions.sweeper", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.children = children
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Tracks the existing ephemeral sessions of ``Configuration/apps``, then sweeps every
    /// ``Configuration/interval`` until graceful shutdown or cancellation.
    public func run() async throws {
        await trackExistingChildren()
        try await ClockTicks(interval: configuration.interval, clock: clock).run { await sweep() }
    }

    /// Starts tracking every ephemeral session of ``Configuration/apps`` that the registry
    /// does not know yet (children created before a restart).
    ///
    /// It reads the apps' listings page by page; a failure is logged and ends the look-up.
    /// - Returns: How many sessions it started tracking.
    @discardableResult
    public func trackExistingChildren() async -> Int {
        var found = 0
        for app in configuration.apps {
            var query = SessionQuery(app: app, limit: 500)
            do {
                repeat {
                    let page = try await store.list(query)
                    for session in page.sessions where session.kind == .ephemeral && !children.contains(session.key) {
                        children.track(session.key)
                        found += 1
                    }
                    query.cursor = page.nextCursor
                } while query.cursor != nil
            } catch {
                logger.info(
                    "Could not look up existing ephemeral children",
                    metadata: [LogKeys.app: "\(app)", LogKeys.error: "\(error)"]
                )
            }
        }
        return found
    }

    /// Deletes every tracked child idle for ``Configuration/idleTime`` or more, once.
    ///
    /// A failure on one child is logged and does not stop the others; the child stays tracked
    /// and is tried again at the next sweep.
    /// - Returns: How many children were deleted.
    @discardableResult
    public func sweep() async -> Int {
        var deleted = 0
        for key in children.trackedKeys {
            do {
                guard let session = try await store.session(key) else {
                    children.untrack(key)
                    continue
                }
                guard session.updatedAt.duration(to: store.clock.now()) >= configuration.idleTime else { continue }
                try await store.delete(key)
                children.untrack(key)
                deleted += 1
                logger.info("Deleted an idle ephemeral child", metadata: [LogKeys.sessionID: "\(key.id)"])
            } catch let error as SessionStoreError where error.code == .notFound {
                children.untrack(key)
            } catch {
                logger.info(
                    "Could not sweep an ephemeral child",
                    metadata: [LogKeys.sessionID: "\(key.id)", LogKeys.error: "\(error)"]
                )
            }
        }
        return deleted
    }
}

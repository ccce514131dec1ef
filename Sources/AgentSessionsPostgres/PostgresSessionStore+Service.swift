import AgentSessions
import Logging
import PostgresNIO
public import ServiceLifecycle

extension PostgresSessionStore: Service {
    /// Prepares the schema, then hands the changes made by every process on the database to
    /// ``changeNotices``, until the service group shuts down gracefully or the task is cancelled
    /// (``changeNotices`` then ends).
    ///
    /// A store made with ``init(pooling:configuration:logger:)`` runs its pool here too, and
    /// stops it last. Otherwise run it in the `ServiceGroup` that runs the store's
    /// `PostgresClient`, after the client (so that it stops first). While the database cannot be
    /// reached, the preparation is tried
    /// again after a delay that doubles from a quarter of a second up to 30 seconds, each failed
    /// attempt logged at warning level, and operations fail meanwhile with
    /// `SessionStoreError/Code/unavailable`: a server starts and reports itself unhealthy
    /// instead of failing to start. A listening connection that drops is opened again after the
    /// same back-off.
    /// - Throws: `SessionStoreError` (incompatible schema) when a newer AgentSessions wrote the
    ///   schema, which this version must not touch.
    public func run() async throws {
        guard let client = ownedClient else { return try await runStore() }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            try await runStore()
            group.cancelAll()  // the pool stops after the store
        }
    }

    /// Prepares the schema, then listens for changes until shutdown.
    private func runStore() async throws {
        defer { changeNoticesInput.finish() }
        guard try await prepareSchemaUntilReady() else { return }
        await listenForChangesUntilShutdown()
    }

    /// The longest wait between two attempts to reach the database.
    static let maximumRetryDelay = Duration.seconds(30)

    /// Prepares the schema, retrying while the database cannot be reached.
    /// - Returns: Whether it is prepared (`false`: the service is stopping).
    private func prepareSchemaUntilReady() async throws -> Bool {
        var delay = Duration.milliseconds(250)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await prepareSchema()
                logger.notice("PostgreSQL store ready", metadata: [PostgresLogKey.schema: "\(schema)"])
                return true
            } catch let error as SessionStoreError where error.code == .incompatibleSchema {
                logger.critical("PostgreSQL schema refused", metadata: ["error": "\(error.message)"])
                throw error
            } catch let error as SessionStoreError {
                logger.warning(
                    "PostgreSQL cannot be reached; retrying",
                    metadata: [
                        PostgresLogKey.schema: "\(schema)", "error": "\(error.message)", "retry.after": "\(delay)",
                    ]
                )
            }
            delay = await Self.pause(delay)
        }
        return false
    }

    /// Listens for change notices, listening again after a delay when the connection fails.
    private func listenForChangesUntilShutdown() async {
        var delay = Duration.milliseconds(250)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let input = changeNoticesInput
                try await cancelWhenGracefulShutdown {
                    try await self.listenForSessionChanges { change in input.yield(change) }
                }
                delay = .milliseconds(250)
            } catch is CancellationError {
                return
            } catch {
                logger.warning(
                    "PostgreSQL change notices interrupted; listening again",
                    metadata: ["error": "\(error)", "retry.after": "\(delay)"]
                )
            }
            delay = await Self.pause(delay)
        }
    }

    /// Waits `delay` (less if the service is asked to stop) and returns the next, doubled delay.
    private static func pause(_ delay: Duration) async -> Duration {
        _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
        return min(delay * 2, maximumRetryDelay)
    }
}

import AgentSessions
import AgentSessionsPostgres
import Logging
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL store of `serve`: a pooled client that runs as a service of the server's
/// group, and a service that prepares the schema, retrying with back-off while the database
/// cannot be reached, so that the server starts (and answers `/healthz` with 503) instead of
/// crashing.
enum PostgresServerStore {
    /// The store and its services, the client first so that it stops last.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a bad schema name.
    static func make(_ endpoint: PostgresEndpoint, changes: SessionChangeHub, logger: Logger) throws
        -> (store: any SessionStore, services: [ServiceGroupConfiguration.ServiceConfiguration])
    {
        // postgres-nio logs every failed connection attempt at info: only with --log-level debug.
        var clientLogger = logger
        if logger.logLevel > .debug { clientLogger.logLevel = max(logger.logLevel, .warning) }
        let client = PostgresClient(configuration: endpoint.clientConfiguration(), backgroundLogger: clientLogger)
        let store = try PostgresSessionStore(
            client: client,
            configuration: .init(schema: endpoint.schema ?? PostgresSessionStore.defaultSchema),
            logger: logger
        )
        let preparation = SchemaPreparation(store: store, endpoint: endpoint.description, logger: logger)
        return (
            store,
            [
                .init(service: client),
                .init(service: preparation, successTerminationBehavior: .ignore),
                .init(service: ChangeListener(store: store, changes: changes, logger: logger)),
            ]
        )
    }

    /// Prepares the schema once the database answers: logs each failed attempt and tries again
    /// after a delay that doubles from a quarter of a second up to 30 seconds. A schema of a
    /// newer version stops the server.
    struct SchemaPreparation: Service {
        let store: PostgresSessionStore
        /// The endpoint without its password, for the log.
        let endpoint: String
        let logger: Logger

        /// The longest wait between two attempts.
        static let maximumDelay = Duration.seconds(30)

        func run() async throws {
            var delay = Duration.milliseconds(250)
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    try await store.prepareSchema()
                    logger.notice(
                        "PostgreSQL store ready",
                        metadata: ["postgres.endpoint": "\(endpoint)", "postgres.schema": "\(store.schema)"]
                    )
                    return
                } catch let error as SessionStoreError where error.code == .incompatibleSchema {
                    logger.critical("PostgreSQL schema refused", metadata: ["error": "\(error.message)"])
                    throw error
                } catch let error as SessionStoreError {
                    logger.warning(
                        "PostgreSQL cannot be reached; retrying",
                        metadata: [
                            "postgres.endpoint": "\(endpoint)", "error": "\(error.message)",
                            "retry.after": "\(delay)",
                        ]
                    )
                }
                let wait = delay
                _ = try? await cancelOnGracefulShutdown { try await Task.sleep(for: wait) }
                delay = min(delay * 2, Self.maximumDelay)
            }
        }
    }

    /// Hands the sessions changed by any server on the database to the event streams (and so
    /// to live views) of this one, with the items that other servers popped or cleared: listens
    /// for the store's notices, and listens again after a delay when the connection fails,
    /// until the server stops.
    struct ChangeListener: Service {
        let store: PostgresSessionStore
        let changes: SessionChangeHub
        let logger: Logger

        func run() async throws {
            var delay = Duration.milliseconds(250)
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    try await cancelWhenGracefulShutdown {
                        try await store.listenForSessionChanges { [changes] change in changes.publish(change) }
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
                let wait = delay
                _ = try? await cancelOnGracefulShutdown { try await Task.sleep(for: wait) }
                delay = min(delay * 2, SchemaPreparation.maximumDelay)
            }
        }
    }
}

import AgentSessions
import AgentSessionsPostgres
import AgentSessionsServer
import Logging
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL store of `serve`: a pooled client and the store, each a service of the
/// server's group (the store prepares its schema, retrying while the database cannot be
/// reached, so that the server starts and answers `/healthz` with 503 instead of crashing),
/// and the store's change notices handed to the server's event streams.
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
        var storeLogger = logger
        storeLogger[metadataKey: "postgres.endpoint"] = "\(endpoint.description)"
        let store = try PostgresSessionStore(
            client: client,
            configuration: .init(schema: endpoint.schema ?? PostgresSessionStore.defaultSchema),
            logger: storeLogger
        )
        return (
            store,
            [
                .init(service: client),
                .init(service: store),
                .init(service: ChangeForwarding(notices: store.changeNotices, hub: changes)),
            ]
        )
    }

    /// Hands the sessions changed by any server on the database to the event streams (and so
    /// to live views) of this one.
    struct ChangeForwarding: Service {
        let notices: AsyncStream<SessionChange>
        let hub: SessionChangeHub

        func run() async {
            await cancelWhenGracefulShutdown { await hub.publish(contentsOf: notices) }
        }
    }
}

public import AgentSessions
public import AgentSessionsAgents
public import AgentSessionsIdempotency
public import CoreMetrics
public import Hummingbird
public import Logging
public import ServiceLifecycle

/// Builds the HTTP server over a store: the routes of `/v1`, `/healthz`, `/metrics`, `/openapi.yaml`, the
/// API-key check, the JSON error shape, and the sweeper of idle ephemeral children, the sweeper
/// of expired (and idle) sessions (``StaleSessionSweeper``), the removal of old `Idempotency-Key`
/// records, the agent runtime of `POST /v1/chat/{id}` and the shared readers of the event
/// streams as services of the application.
///
/// The command-line tool's `serve` and the tests call this same function.
///
/// ```swift
/// let app = try buildApplication(configuration: ServerConfiguration(), store: InMemorySessionStore(), logger: logger)
/// try await app.runService()   // until SIGTERM or SIGINT
/// ```
/// - Parameters:
///   - configuration: Address, limits, keys, policies. It is checked first.
///   - store: Where sessions live; the server sees only the protocol.
///   - logger: The server's logger; requests log through it with their request id.
///   - storeServices: What must run beside the store, such as a `PostgresSessionStore` (its
///     pool, its schema preparation and its change listener). The application runs them
///     before its server and stops them after it. Defaults to none.
///   - children: The registry of ephemeral children shared with the sweeper. Defaults to a
///     new one.
///   - idempotency: Where `Idempotency-Key` answers are kept: pass the records of the store's
///     own storage (`SQLiteSessionStore.makeIdempotencyStore(policy:)`, the PostgreSQL store's,
///     an encrypted store's `sealing(_:)` of them) so that they survive a restart and are shared
///     by every server on the storage. Defaults to an ``InMemoryIdempotencyStore`` following
///     ``ServerConfiguration/idempotency``. An ``IdempotencyCleanupService`` of the application
///     removes old records.
///   - health: What `GET /healthz` checks: the store's storage, when it can be out of reach
///     (a `PostgresSessionStore`). Defaults to none: `/healthz` answers `{"status": "ok"}`.
///   - changeNotices: Sessions changed elsewhere (by other servers on a shared database, such as
///     `PostgresSessionStore.changeNotices`), for the event streams. Every write through this
///     server reaches them anyway. Defaults to none.
///   - sweeperClock: The clock of the background timers: the sweepers', and the removal of old
///     `Idempotency-Key` records (``IdempotencyCleanupService``). Defaults to the continuous clock.
///   - metrics: Where request and store metrics go; `GET /metrics` renders its registry.
///     Defaults to a registry of this application's own.
///   - agents: Makes the agent runtime of `POST /v1/chat/{id}`, given the server's store (as the
///     server wraps it, so chat turns reach the event streams and the metrics) and the metrics
///     factory; the runtime runs as a service of the application. Defaults to one offline demo
///     agent (``AgentCatalog/demo``).
///   - onServerRunning: Called once the server listens, with the port it bound (the one
///     picked when the configuration asks for port 0).
/// - Returns: The application; run it with `runService()` or inside a `ServiceGroup`.
/// - Throws: ``ServerConfigurationError`` when the configuration cannot be served, such as
///   open mode on an address that is not loopback, or a resumable phase the store's default
///   lifecycle does not know.
public func buildApplication(
    configuration: ServerConfiguration,
    store: any SessionStore,
    logger: Logger,
    storeServices: [any Service] = [],
    children: EphemeralChildRegistry = EphemeralChildRegistry(),
    idempotency: (any IdempotencyStore)? = nil,
    health: (any HealthCheckable)? = nil,
    changeNotices: AsyncStream<SessionChange>? = nil,
    sweeperClock: any Clock<Duration> = ContinuousClock(),
    metrics: ServerMetrics = ServerMetrics(),
    agents: (_ store: any SessionStore, _ metrics: any MetricsFactory) -> AgentRuntime = { store, metrics in
        AgentRuntime(catalog: .demo, stores: AgentStores(server: store), metricsFactory: metrics)
    },
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) throws(ServerConfigurationError) -> some ApplicationProtocol {
    try configuration.validate()
    do {
        try configuration.resumePolicy.validate(against: store.lifecycles.defaultLifecycle)
    } catch {
        throw ServerConfigurationError("the resume policy names a phase the lifecycle does not know: \(error.message)")
    }
    let records = idempotency ?? InMemoryIdempotencyStore(policy: configuration.idempotency)
    // Where the event streams learn of changed sessions: writes through this server, and the
    // notices of changes made elsewhere.
    let changes = SessionChangeHub()
    let store = ObservedSessionStore(store, observers: [changes, StoreMetrics(factory: metrics.factory)])
    let agents = agents(store, metrics.factory)
    let events = SessionEventSources(store: store, hub: changes)
    let router = makeRouter(
        configuration: configuration,
        store: store,
        children: children,
        idempotency: records,
        health: health,
        events: events,
        metrics: metrics,
        agents: agents
    )
    var sweeping = configuration.sweeper
    if sweeping.apps.isEmpty {
        sweeping.apps = configuration.isOpen ? [SessionKey.defaultApp] : configuration.apiKeys.apps
    }
    let sweeper = EphemeralChildSweeper(
        store: store,
        children: children,
        configuration: sweeping,
        clock: sweeperClock,
        logger: logger
    )
    if configuration.isOpen {
        logger.notice(
            "Open mode: no API keys, so anyone on this machine can call the API; loopback only",
            metadata: [LogKeys.host: "\(configuration.host)"]
        )
    }
    return Application(
        router: router,
        server: configuration.httpServer,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "agent-sessions"
        ),
        services: storeServices + (changeNotices.map { [ChangeForwarding(notices: $0, hub: changes)] } ?? []) + [
            sweeper,
            StaleSessionSweeper(
                store: store,
                configuration: configuration.cleanup,
                clock: sweeperClock,
                metricsFactory: metrics.factory,
                logger: logger
            ),
            IdempotencyCleanupService(
                records: records,
                interval: configuration.idempotency.cleanupInterval,
                wallClock: store.clock,
                clock: sweeperClock,
                logger: logger
            ),
            agents,
            events,
        ],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// The router of the API, without a server around it (for tests that compare routes).
///
/// Without `events` (the readers ``buildApplication(configuration:store:logger:storeServices:children:idempotency:health:changeNotices:sweeperClock:metrics:agents:onServerRunning:)``
/// runs as a service), event streams hear of no change.
package func makeRouter(
    configuration: ServerConfiguration,
    store: any SessionStore,
    children: EphemeralChildRegistry = EphemeralChildRegistry(),
    idempotency: any IdempotencyStore,
    health: (any HealthCheckable)? = nil,
    events: SessionEventSources? = nil,
    metrics: ServerMetrics = ServerMetrics(),
    agents: AgentRuntime? = nil
) -> Router<SessionRequestContext> {
    // HEAD is answered wherever GET is, as HTTP requires: the GET's status and headers, no body.
    let router = Router(context: SessionRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestMetricsMiddleware(factory: metrics.factory))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ErrorMiddleware())
    router.get("healthz") { _, _ in await HealthResponse.make(for: health) }
    router.get("metrics") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text))
        )
    }
    let runtime =
        agents ?? AgentRuntime(catalog: .demo, stores: AgentStores(server: store), metricsFactory: metrics.factory)
    let document = OpenAPIDocument.yaml(isOpen: configuration.isOpen, agents: runtime.catalog.agents.map(\.name))
    router.get("openapi.yaml") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: document))
        )
    }
    let services = APIServices(
        store: store,
        configuration: configuration,
        idempotency: IdempotencyGuard(store: idempotency, clock: store.clock),
        children: children,
        events: events ?? SessionEventSources(store: store, hub: SessionChangeHub())
    )
    let api = router.group("v1").add(middleware: APIKeyMiddleware(keys: configuration.apiKeys))
    SessionsController(services: services).addRoutes(to: api)
    ItemsController(services: services).addRoutes(to: api)
    LifecycleController(services: services).addRoutes(to: api)
    ChildrenController(services: services).addRoutes(to: api)
    MaintenanceController(services: services).addRoutes(to: api)
    ImportController(services: services).addRoutes(to: api)
    ChatController(services: services, runtime: runtime).addRoutes(to: api)
    EventsController(services: services).addRoutes(to: api)
    // Last, so that it runs only where no route matched: 405 for a known path's other methods.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ($0.path.description, $0.method) }))
    return router
}

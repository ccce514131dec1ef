public import AgentSessions
public import AgentSessionsIdempotency
public import Hummingbird
public import Logging
public import ServiceLifecycle

/// Builds the HTTP server over a store: the routes of `/v1`, `/healthz`, `/metrics`, `/openapi.yaml`, the
/// inspector's page at `/` (``ServerConfiguration/inspector``), the API-key check, the JSON error shape, and the sweeper of idle ephemeral children, the sweeper
/// of expired (and idle) sessions (``StaleSessionSweeper``), the removal of old `Idempotency-Key`
/// records and the shared readers of the event streams as services of the application, with
/// the routes (and services) of `routes`, such as the chat of `AgentSessionsAgents`' `ChatRoutes`.
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
///     by every server on the storage. Defaults to an `InMemoryIdempotencyStore` following
///     ``ServerConfiguration/idempotency``. An `IdempotencyCleanupService` of the application
///     removes old records.
///   - health: What `GET /healthz` checks: the store's storage, when it can be out of reach
///     (a `PostgresSessionStore`). Defaults to none: `/healthz` answers `{"status": "ok"}`.
///   - changeNotices: Sessions changed elsewhere (by other servers on a shared database, such as
///     `PostgresSessionStore.changeNotices`), for the event streams. Every write through this
///     server reaches them anyway. Defaults to none.
///   - sweeperClock: The clock of the background timers: the sweepers', and the removal of old
///     `Idempotency-Key` records (`IdempotencyCleanupService`). Defaults to the continuous clock.
///   - metrics: Where request and store metrics go; `GET /metrics` renders its registry.
///     Defaults to a registry of this application's own.
///   - routes: More routes under `/v1`, such as `ChatRoutes` (`POST /v1/chat/{id}`, from
///     `AgentSessionsAgents`), given the server's store as it wraps it (so that their writes
///     reach the event streams and the metrics); their services run in the application.
///     Defaults to none: the OpenAPI document then leaves out the paths no route serves.
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
    routes: [any APIRoutes] = [],
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
    let store = ObservedSessionStore(
        store,
        observers: [changes, StoreMetrics(factory: metrics.factory)],
        tracer: configuration.tracer
    )
    let events = SessionEventSources(store: store, hub: changes)
    let (router, routeServices) = makeRouter(
        configuration: configuration,
        store: store,
        children: children,
        idempotency: records,
        health: health,
        events: events,
        metrics: metrics,
        routes: routes
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
            events,
        ] + routeServices,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// The router of the API, without a server around it (for tests that compare routes).
///
/// Without `events` (the readers ``buildApplication(configuration:store:logger:storeServices:children:idempotency:health:changeNotices:sweeperClock:metrics:routes:onServerRunning:)``
/// runs as a service), event streams hear of no change.
package func makeRouter(
    configuration: ServerConfiguration,
    store: any SessionStore,
    children: EphemeralChildRegistry = EphemeralChildRegistry(),
    idempotency: any IdempotencyStore,
    health: (any HealthCheckable)? = nil,
    events: SessionEventSources? = nil,
    metrics: ServerMetrics = ServerMetrics(),
    routes: [any APIRoutes] = []
) -> (router: Router<SessionRequestContext>, services: [any Service]) {
    // HEAD is answered wherever GET is, as HTTP requires: the GET's status and headers, no body.
    let router = Router(context: SessionRequestContext.self, options: .autoGenerateHeadEndpoints)
    if configuration.tracing {
        // First, so that its span holds every other middleware's work, and sees the answer's
        // request id.
        router.add(middleware: TracingMiddleware(recordingHeaders: [RequestIDMiddleware<SessionRequestContext>.field]))
    }
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestReportMiddleware(factory: metrics.factory))
    if !configuration.corsOrigins.isEmpty {
        router.add(middleware: AllowedOriginsCORS(origins: configuration.corsOrigins))
    }
    router.add(middleware: ErrorMiddleware())
    router.get("healthz") { _, _ in await HealthResponse.make(for: health) }
    router.get("metrics") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text))
        )
    }
    let services = APIServices(
        store: store,
        configuration: configuration,
        idempotency: IdempotencyGuard(store: idempotency, clock: store.clock),
        children: children,
        events: events ?? SessionEventSources(store: store, hub: SessionChangeHub()),
        routes: routes
    )
    let api = router.group("v1").add(middleware: APIKeyMiddleware(keys: configuration.apiKeys))
    SessionsController(services: services).addRoutes(to: api)
    ItemsController(services: services).addRoutes(to: api)
    CompactionsController(services: services).addRoutes(to: api)
    LifecycleController(services: services).addRoutes(to: api)
    ChildrenController(services: services).addRoutes(to: api)
    MaintenanceController(services: services).addRoutes(to: api)
    ImportController(services: services).addRoutes(to: api)
    EventsController(services: services).addRoutes(to: api)
    InspectorRoutes(files: configuration.inspector).addRoutes(to: router)
    let context = APIRouteContext(
        group: api,
        store: store,
        metricsFactory: metrics.factory,
        tracer: configuration.tracer,
        services: services
    )
    let routeServices = routes.flatMap { $0.addRoutes(to: context) }
    for collection in routes { metrics.descriptions.add(collection.metricDescriptions) }
    // The document says what this server serves: the paths of its routes, fitted by the route
    // collections (the chat's agents).
    var document = OpenAPIDocument.yaml(
        isOpen: configuration.isOpen,
        routedPaths: Set(router.routes.map(\.path.description)).union(["/openapi.yaml"])
    )
    for collection in routes { collection.fitOpenAPIDocument(&document) }
    document = OpenAPIDocument.withoutPlaceholders(document)
    router.get("openapi.yaml") { [document] _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: document))
        )
    }
    // Last, so that it runs only where no route matched: 405 for a known path's other methods.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ($0.path.description, $0.method) }))
    return (router, routeServices)
}

public import AgentSessions
public import Hummingbird
public import Logging

/// Builds the HTTP server over a store: the routes of `/v1`, `/healthz`, `/openapi.yaml`, the
/// API-key check, the JSON error shape, and the sweeper of idle ephemeral children as a
/// service of the application.
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
///   - children: The registry of ephemeral children shared with the sweeper. Defaults to a
///     new one.
///   - idempotency: Where `Idempotency-Key` answers are kept. Defaults to an
///     ``InMemoryIdempotencyStore`` with the configured window.
///   - sweeperClock: The clock of the sweeper's timer. Defaults to the continuous clock.
/// - Returns: The application; run it with `runService()` or inside a `ServiceGroup`.
/// - Throws: ``ServerConfigurationError`` when the configuration cannot be served, such as
///   open mode on an address that is not loopback, or a resumable phase the store's default
///   lifecycle does not know.
public func buildApplication(
    configuration: ServerConfiguration,
    store: any SessionStore,
    logger: Logger,
    children: EphemeralChildRegistry = EphemeralChildRegistry(),
    idempotency: (any IdempotencyStore)? = nil,
    sweeperClock: any Clock<Duration> = ContinuousClock()
) throws(ServerConfigurationError) -> some ApplicationProtocol {
    try configuration.validate()
    do {
        try configuration.resumePolicy.validate(against: store.lifecycles.defaultLifecycle)
    } catch {
        throw ServerConfigurationError("the resume policy names a phase the lifecycle does not know: \(error.message)")
    }
    let router = makeRouter(
        configuration: configuration,
        store: store,
        children: children,
        idempotency: idempotency ?? InMemoryIdempotencyStore(window: configuration.idempotencyWindow)
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
        logger.info(
            "Open mode: no API keys, loopback only",
            metadata: [LogKeys.host: "\(configuration.host)"]
        )
    }
    return Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "agent-sessions"
        ),
        services: [sweeper],
        logger: logger
    )
}

/// The router of the API, without a server around it (for tests that compare routes).
package func makeRouter(
    configuration: ServerConfiguration,
    store: any SessionStore,
    children: EphemeralChildRegistry = EphemeralChildRegistry(),
    idempotency: any IdempotencyStore
) -> Router<SessionRequestContext> {
    let router = Router(context: SessionRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ErrorMiddleware())
    router.get("healthz") { _, _ in await HealthResponse.make(for: store) }
    router.get("openapi.yaml") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml))
        )
    }
    let services = APIServices(
        store: store,
        configuration: configuration,
        idempotency: IdempotencyGuard(store: idempotency, clock: store.clock),
        children: children
    )
    let api = router.group("v1").add(middleware: APIKeyMiddleware(keys: configuration.apiKeys))
    SessionsController(services: services).addRoutes(to: api)
    ItemsController(services: services).addRoutes(to: api)
    LifecycleController(services: services).addRoutes(to: api)
    ChildrenController(services: services).addRoutes(to: api)
    MaintenanceController(services: services).addRoutes(to: api)
    return router
}

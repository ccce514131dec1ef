public import AgentSessions
public import CoreMetrics
public import Hummingbird
public import ServiceLifecycle
public import Tracing

/// Routes that another module adds to the API, under `/v1` and behind its API-key check: the
/// chat of `AgentSessionsAgents` (`ChatRoutes`) is one.
///
/// ```swift
/// let app = try buildApplication(configuration: configuration, store: store, logger: logger, routes: [ChatRoutes()])
/// ```
public protocol APIRoutes: Sendable {
    /// Adds the routes to the API.
    /// - Parameter api: The `/v1` group and what the routes work with.
    /// - Returns: The services the routes need, which the application runs beside its server.
    func addRoutes(to api: APIRouteContext) -> [any Service]

    /// Fits this collection's part of the OpenAPI document to the server, such as the names of
    /// the chat's agents. Does nothing unless implemented.
    func fitOpenAPIDocument(_ document: inout String)

    /// The `# HELP` texts of the metrics these routes record, by metric name, for `/metrics`.
    /// None unless implemented.
    var metricDescriptions: [String: String] { get }

    /// The context window, in tokens, of the model of an agent these routes run: the window
    /// `GET /v1/sessions/{id}/tokens` reports the share of for the agent's sessions when the
    /// request names none. `nil` unless implemented.
    func contextWindow(ofAgent agent: String) -> Int64?
}

extension APIRoutes {
    public func fitOpenAPIDocument(_ document: inout String) {}

    public func contextWindow(ofAgent agent: String) -> Int64? { nil }

    public var metricDescriptions: [String: String] { [:] }
}

/// What routes are added with: the `/v1` group and the server's store.
public struct APIRouteContext {
    /// The `/v1` group, behind the API-key check.
    public let group: RouterGroup<SessionRequestContext>
    /// The server's store as the server wraps it: writes through it reach the event streams and
    /// the metrics.
    public let store: any SessionStore
    /// Where the server's metrics go.
    public let metricsFactory: any MetricsFactory
    /// Where the routes' spans go when the server traces (``ServerConfiguration/tracing``),
    /// children of each request's span; `nil` when it does not.
    public let tracer: (any Tracer)?
    /// What the server's own controllers work with (the body limit, `Idempotency-Key` replays).
    package let services: APIServices
}

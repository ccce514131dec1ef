public import AgentSessionsServer
public import Logging
public import ServiceLifecycle

/// `POST /v1/chat/{id}` on a server: one turn of a conversation with an agent of a catalog,
/// over the server's store, with the agent runtime as a service of the application.
///
/// ```swift
/// let app = try buildApplication(
///     configuration: ServerConfiguration(),
///     store: try SQLiteSessionStore(),
///     logger: logger,
///     routes: [ChatRoutes(catalog: try AgentCatalog(loading: "agents.yaml"))]
/// )
/// ```
public struct ChatRoutes: APIRoutes {
    /// The agents.
    public var catalog: AgentCatalog
    /// Where each agent keeps its sessions; the server's store stands in for the server's own.
    /// `nil`: every agent on the server's store.
    public var stores: AgentStores?
    /// The runtime's limits (live instances, idle time, model timeouts).
    public var configuration: AgentRuntime.Configuration
    /// Where the runtime logs.
    public var logger: Logger

    /// Describes the chat of a catalog.
    /// - Parameters:
    ///   - catalog: The agents. Defaults to one offline demo agent (``AgentCatalog/demo``).
    ///   - stores: Where each agent keeps its sessions; `nil` (the default) for the server's store.
    ///   - configuration: The runtime's limits. Defaults to `AgentRuntime.Configuration()`.
    ///   - logger: Where the runtime logs. Defaults to nowhere.
    public init(
        catalog: AgentCatalog = .demo,
        stores: AgentStores? = nil,
        configuration: AgentRuntime.Configuration = AgentRuntime.Configuration(),
        logger: Logger = Logger(label: "agent-sessions.chat", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.catalog = catalog
        self.stores = stores
        self.configuration = configuration
        self.logger = logger
    }

    /// The context window the agents file gives the agent's model (`model.context_window`).
    public func contextWindow(ofAgent agent: String) -> Int64? {
        catalog.agent(named: agent)?.model.contextWindow.map(Int64.init)
    }

    public func addRoutes(to api: APIRouteContext) -> [any Service] {
        var stores = self.stores ?? AgentStores(server: api.store)
        stores.server = api.store
        let runtime = AgentRuntime(
            catalog: catalog,
            stores: stores,
            configuration: configuration,
            metricsFactory: api.metricsFactory,
            tracer: api.tracer,
            logger: logger
        )
        ChatController(services: api.services, runtime: runtime).addRoutes(to: api.group)
        return [runtime]
    }

    /// The chat's `agent` is one of the catalog's agents.
    public func fitOpenAPIDocument(_ document: inout String) {
        let names = catalog.agents.map { "'" + $0.name.replacing("'", with: "''") + "'" }
        document = document.replacing("AGENT_NAMES", with: names.joined(separator: ", "))
    }

    /// The help of the runtime's gauge of live agent instances.
    public var metricDescriptions: [String: String] {
        [
            AgentRuntime.liveAgentsMetric: "Live agent instances, one per agent and session, that the chat keeps.",
            AgentRuntime.tokensMetric: "Tokens the agents' models report for chat replies, by agent and type.",
        ]
    }
}

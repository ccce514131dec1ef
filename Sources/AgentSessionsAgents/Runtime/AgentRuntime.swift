public import AgentSessions
public import Logging
public import Metrics
public import ServiceLifecycle
public import Tracing

/// Runs the agents: one live instance per (agent, session), made on first use and reused
/// across requests, bounded by a capacity and an idle timeout.
///
/// An instance holds its conversation in memory. An evicted instance, or any instance after a
/// restart, is rebuilt from the store, so a conversation always continues with its full
/// history; before reusing an instance the runtime checks the session's version in the store
/// and reads the conversation again when another writer changed it. Only idle instances are
/// evicted, never one serving a request. An agent whose memory is `none` keeps nothing between
/// requests.
///
/// The number of live instances is the gauge `agent_sessions_live_agents`. Run the runtime as
/// a `Service` to evict idle instances every ``Configuration/sweepInterval``; it stops at
/// graceful shutdown.
///
/// ```swift
/// let runtime = AgentRuntime(catalog: .demo, stores: AgentStores(server: store))
/// let reply = try await runtime.chat("My name is John", in: SessionKey("chat-1"))
/// print(reply.text, reply.conversationLength)   // … 2
/// ```
public actor AgentRuntime: Service {
    /// The runtime's bounds.
    public struct Configuration: Sendable, Hashable {
        /// The most live instances; the least recently used idle ones go first. Defaults to 1,000.
        public var capacity: Int
        /// How long an instance may stay unused before it is evicted. Defaults to 30 minutes.
        public var idleTimeout: Duration
        /// How often the service looks for idle instances. Defaults to 60 seconds.
        public var sweepInterval: Duration

        /// Describes the bounds; every parameter has a default.
        public init(
            capacity: Int = 1_000,
            idleTimeout: Duration = .seconds(30 * 60),
            sweepInterval: Duration = .seconds(60)
        ) {
            self.capacity = capacity
            self.idleTimeout = idleTimeout
            self.sweepInterval = sweepInterval
        }
    }

    /// The label of the live-instance gauge.
    public static let liveAgentsMetric = "agent_sessions_live_agents"
    /// The label of the counter of the tokens models report, by `app`, `agent` and `type`
    /// (`input`, `output`, `cached`).
    public static let tokensMetric = "agent_sessions_model_tokens_total"

    /// The agents.
    public nonisolated let catalog: AgentCatalog
    /// The bounds.
    public nonisolated let configuration: Configuration
    private let stores: AgentStores
    private let providers: [ModelSettings.Provider: any ModelProvider]
    private let clock: any Clock<Duration>
    private let elapsed: @Sendable () -> Duration
    private let gauge: Gauge
    private let metricsFactory: any MetricsFactory
    private let tracer: (any Tracer)?
    private let logger: Logger
    private var cache: AgentInstanceCache<AgentInstanceKey, AgentInstance>

    /// Creates a runtime with no live instance.
    /// - Parameters:
    ///   - catalog: The agents.
    ///   - stores: Where each agent's conversations are kept.
    ///   - configuration: The capacity, idle timeout and sweep interval. Defaults to
    ///     ``Configuration/init(capacity:idleTimeout:sweepInterval:)``'s.
    ///   - providers: The model provider of each kind. Defaults to ``OfflineModelProvider`` and
    ///     ``OpenAICompatibleProvider``.
    ///   - clock: The clock of idle times and of the sweep timer. Defaults to the continuous clock.
    ///   - metricsFactory: Where the gauge is recorded. Defaults to the bootstrapped metrics system.
    ///   - tracer: Where each model call's span goes (`chat` and the model's name), a child of
    ///     the caller's span. Defaults to `nil`: no spans.
    ///   - logger: Where evictions are logged (debug and info). Defaults to no logging.
    public init(
        catalog: AgentCatalog,
        stores: AgentStores,
        configuration: Configuration = Configuration(),
        providers: [ModelSettings.Provider: any ModelProvider] = [
            .offline: OfflineModelProvider(), .openAICompatible: OpenAICompatibleProvider(),
        ],
        clock: any Clock<Duration> = ContinuousClock(),
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        tracer: (any Tracer)? = nil,
        logger: Logger = Logger(label: "agent-sessions.agents", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.catalog = catalog
        self.configuration = configuration
        self.stores = stores
        self.providers = providers
        self.clock = clock
        self.elapsed = Self.stopwatch(clock)
        self.gauge = Gauge(label: Self.liveAgentsMetric, factory: metricsFactory)
        self.metricsFactory = metricsFactory
        self.tracer = tracer
        self.logger = logger
        self.cache = AgentInstanceCache(capacity: configuration.capacity, idleTimeout: configuration.idleTimeout)
        gauge.record(0)
    }

    /// How many agent instances are live.
    public var liveInstanceCount: Int { cache.count }

    /// Whether the instance of an agent for a session is live.
    public func isLive(agent: String, session: SessionKey) -> Bool {
        cache.contains(AgentInstanceKey(agent: agent, session: session))
    }

    /// Answers a message in a session.
    ///
    /// The agent is the one named, else the one the session was created for (when the server's
    /// store has the session and it names an agent), else the catalog's default. A session
    /// created for an agent the catalog does not know is answered by the catalog's
    /// ``AgentCatalog/fallbackAgent``, or refused when it has none. The
    /// session is created when missing; the message and the reply are stored as two items
    /// `{"role": "user" | "assistant", "content": "…"}`, or not at all when the model fails.
    /// - Parameters:
    ///   - message: The user's message; not empty.
    ///   - key: The session.
    ///   - agentName: The agent, or `nil` for the session's or the default one.
    ///   - userID: The user a new session is created for. Defaults to none.
    ///   - logger: The request's logger. Defaults to the runtime's.
    /// - Returns: The reply and the conversation's status.
    /// - Throws: ``AgentRuntimeError`` (unknown agent named or recorded in the session without
    ///   a fallback, empty message), `SessionStoreError`
    ///   (a finalized session, storage failures), ``ModelProviderError``.
    public func chat(
        _ message: String,
        in key: SessionKey,
        agent agentName: String? = nil,
        userID: String? = nil,
        logger: Logger? = nil
    ) async throws -> ChatReply {
        let logger = logger ?? self.logger
        guard !message.isEmpty else {
            throw AgentRuntimeError(.emptyMessage, "message is empty; send the user's text", field: "message")
        }
        let (agent, isFallback) = try await self.agent(named: agentName, for: key)
        let provider = try self.provider(for: agent.model, of: agent, in: key)
        guard let store = stores.store(for: agent.sessionMemory) else {
            let request = ModelRequest(
                model: agent.model,
                instructions: agent.instructions,
                history: [],
                message: message
            )
            let answer = try await provider.respond(to: request, logger: logger)
            recordTokens(answer.usage, agent: agent, app: key.app)
            return ChatReply(
                text: answer.text,
                agent: agent.name,
                session: key,
                conversationLength: 0,
                memory: .none,
                createdSession: false,
                loadedHistory: false,
                answeredByFallback: isFallback,
                usage: answer.usage
            )
        }
        let (instance, instanceKey) = try lease(agent, key, store: store, provider: provider)
        do {
            var reply = try await instance.respond(to: message, userID: userID, logger: logger)
            cache.release(instanceKey, now: elapsed())
            recordTokens(reply.usage, agent: agent, app: key.app)
            reply.answeredByFallback = isFallback
            return reply
        } catch {
            cache.release(instanceKey, now: elapsed())
            throw error
        }
    }

    /// Compacts a session's conversation now with its agent's summarizer (on request, rather
    /// than when a trigger is crossed): the summary stands for every item so far.
    ///
    /// The agent is chosen as for ``chat(_:in:agent:userID:logger:)``.
    /// - Returns: The stored compaction.
    /// - Throws: ``AgentRuntimeError`` (unknown agent, an agent without a summarizer or memory),
    ///   `SessionStoreError` (not found; a version conflict when another compaction already
    ///   reaches the last item), ``ModelProviderError``.
    public func summarize(_ key: SessionKey, agent agentName: String? = nil, logger: Logger? = nil) async throws
        -> Compaction
    {
        let logger = logger ?? self.logger
        let (agent, _) = try await self.agent(named: agentName, for: key)
        guard agent.summarizer != nil, let store = stores.store(for: agent.sessionMemory) else {
            throw AgentRuntimeError.noSummarizer(agent)
        }
        let provider = try self.provider(for: agent.model, of: agent, in: key)
        let (instance, instanceKey) = try lease(agent, key, store: store, provider: provider)
        defer { cache.release(instanceKey, now: elapsed()) }
        return try await instance.summarize(logger: logger)
    }

    /// The live instance of an agent for a session, made when missing, marked busy until
    /// released (`cache.release`).
    private func lease(
        _ agent: AgentDefinition,
        _ key: SessionKey,
        store: any SessionStore,
        provider: any ModelProvider
    ) throws(ModelProviderError) -> (instance: AgentInstance, key: AgentInstanceKey) {
        let summarizerProvider = try agent.summarizer.map { settings throws(ModelProviderError) in
            try self.provider(for: settings.model, of: agent, in: key)
        }
        let instanceKey = AgentInstanceKey(agent: agent.name, session: key)
        let lease = cache.lease(instanceKey, now: elapsed()) {
            AgentInstance(
                agent: agent,
                key: key,
                store: store,
                provider: provider,
                summarizerProvider: summarizerProvider
            )
        }
        recordEvictions(lease.evicted, made: lease.isNew ? instanceKey : nil)
        return (lease.value, instanceKey)
    }

    /// Evicts the idle instances unused for the idle timeout, and the least recently used idle
    /// ones over capacity.
    /// - Returns: How many instances were evicted.
    @discardableResult
    public func evictIdleInstances() -> Int {
        let evicted = cache.evict(now: elapsed())
        recordEvictions(evicted, made: nil)
        return evicted.count
    }

    /// Evicts idle instances every ``Configuration/sweepInterval`` until graceful shutdown or
    /// cancellation.
    public func run() async throws {
        try await ClockTicks(interval: configuration.sweepInterval, clock: clock).run {
            await self.evictIdleInstances()
        }
    }

    /// The agent of a request, and whether it is the catalog's fallback for a session's
    /// unknown agent.
    private func agent(
        named name: String?,
        for key: SessionKey
    ) async throws -> (agent: AgentDefinition, isFallback: Bool) {
        if let name {
            guard let agent = catalog.agent(named: name) else {
                throw AgentRuntimeError.unknownAgent(name, catalog: catalog)
            }
            return (agent, false)
        }
        guard let session = try await stores.server.session(key), !session.agentName.isEmpty else {
            return (catalog.defaultAgent, false)
        }
        if let agent = catalog.agent(named: session.agentName) { return (agent, false) }
        guard let fallback = catalog.fallbackAgent else {
            throw AgentRuntimeError.unknownSessionAgent(session.agentName, session: key, catalog: catalog)
        }
        logger.debug(
            "Fallback agent answers a session of an unknown agent",
            metadata: [LogKeys.agent: "\(session.agentName)", LogKeys.sessionID: "\(key.id)"]
        )
        return (fallback, true)
    }

    /// The provider of one of an agent's models (its own, its summarizer's), tracing its calls
    /// when the runtime has a tracer.
    private func provider(
        for model: ModelSettings,
        of agent: AgentDefinition,
        in key: SessionKey
    ) throws(ModelProviderError) -> any ModelProvider {
        guard let provider = providers[model.provider] else {
            throw ModelProviderError(
                .misconfigured,
                "agent '\(agent.name)' uses provider \(model.provider.rawValue), which this server does not run"
            )
        }
        guard let tracer else { return provider }
        return TracedModelProvider(base: provider, tracer: tracer, agent: agent, key: key)
    }

    /// Adds a reply's reported tokens to the counter of its app and agent.
    private func recordTokens(_ usage: TokenUsage?, agent: AgentDefinition, app: String) {
        guard let usage else { return }
        for (type, count) in [("input", usage.input), ("output", usage.output), ("cached", usage.cached)] {
            Counter(
                label: Self.tokensMetric,
                dimensions: [("app", app), ("agent", agent.name), ("type", type)],
                factory: metricsFactory
            ).increment(by: count)
        }
    }

    private func recordEvictions(_ evicted: [AgentInstanceKey], made: AgentInstanceKey?) {
        if let made {
            logger.debug("Agent instance made", metadata: [LogKeys.agent: "\(made.agent)"])
        }
        for key in evicted {
            logger.debug(
                "Agent instance evicted",
                metadata: [LogKeys.agent: "\(key.agent)", LogKeys.sessionID: "\(key.session.id)"]
            )
        }
        gauge.record(cache.count)
    }

    /// A function that reads the time elapsed on a clock since now.
    private static func stopwatch<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }
}

/// What a live instance is for: an agent and a session.
struct AgentInstanceKey: Hashable, Sendable {
    var agent: String
    var session: SessionKey
}

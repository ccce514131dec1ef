import AgentSessions
import AgentSessionsAgents
import AgentSessionsTesting
import MetricsTestKit

/// A runtime over an in-memory store, on a manual clock, with its metrics in a test factory.
struct RuntimeFixture {
    let clock = ManualClock()
    let metrics = TestMetrics()
    let store: any SessionStore
    let runtime: AgentRuntime

    init(
        catalog: AgentCatalog = .demo,
        capacity: Int = 1_000,
        idleTimeout: Duration = .seconds(60),
        store: any SessionStore = InMemorySessionStore(),
        providers: [ModelSettings.Provider: any ModelProvider] = [.offline: OfflineModelProvider()]
    ) {
        self.store = store
        self.runtime = AgentRuntime(
            catalog: catalog,
            stores: AgentStores(server: store),
            configuration: .init(capacity: capacity, idleTimeout: idleTimeout, sweepInterval: .seconds(10)),
            providers: providers,
            clock: clock,
            metricsFactory: metrics
        )
    }

    /// The last value of the live-agents gauge.
    func liveGauge() throws -> Double? {
        try metrics.expectGauge(AgentRuntime.liveAgentsMetric).lastValue
    }
}

/// A catalog of offline agents with the given memories.
func offlineCatalog(_ agents: [(String, SessionMemory.Kind)]) throws -> AgentCatalog {
    try AgentCatalog(agents.map { AgentDefinition(name: $0.0, sessionMemory: SessionMemory(kind: $0.1)) })
}

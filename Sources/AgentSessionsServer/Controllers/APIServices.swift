package import AgentSessions
package import Hummingbird

/// What every controller works with.
package struct APIServices: Sendable {
    /// The sessions.
    package let store: any SessionStore
    /// The server's settings.
    package let configuration: ServerConfiguration
    /// Replays of creating requests.
    package let idempotency: IdempotencyGuard
    /// The ephemeral children the sweeper watches.
    let children: EphemeralChildRegistry
    /// The event streams' shared readers, one per session with streams.
    let events: SessionEventSources
    /// The routes other modules added, which may know agents' context windows.
    let routes: [any APIRoutes]

    /// The context window of an agent's model, as the first of ``routes`` that knows it says.
    func contextWindow(ofAgent agent: String) -> Int64? {
        routes.lazy.compactMap { $0.contextWindow(ofAgent: agent) }.first
    }

    /// Reads a request body as JSON within the configured limit.
    package func body(of request: Request) async throws -> RequestJSON {
        try await RequestJSON(request, limit: configuration.bodyLimit)
    }
}

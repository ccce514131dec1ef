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

    /// Reads a request body as JSON within the configured limit.
    package func body(of request: Request) async throws -> RequestJSON {
        try await RequestJSON(request, limit: configuration.bodyLimit)
    }
}

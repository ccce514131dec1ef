import AgentSessions
import Hummingbird

/// What every controller works with.
struct APIServices: Sendable {
    /// The sessions.
    let store: any SessionStore
    /// The server's settings.
    let configuration: ServerConfiguration
    /// Replays of creating requests.
    let idempotency: IdempotencyGuard
    /// The ephemeral children the sweeper watches.
    let children: EphemeralChildRegistry
    /// The event streams' shared readers, one per session with streams.
    let events: SessionEventSources

    /// Reads a request body as JSON within the configured limit.
    func body(of request: Request) async throws -> RequestJSON {
        try await RequestJSON(request, limit: configuration.bodyLimit)
    }
}

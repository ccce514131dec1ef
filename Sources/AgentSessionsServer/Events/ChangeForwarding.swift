import AgentSessions
import ServiceLifecycle

/// Hands the sessions changed elsewhere (by other servers on a shared database) to the event
/// streams of this one, until graceful shutdown.
struct ChangeForwarding: Service {
    /// The notices, such as `PostgresSessionStore.changeNotices`.
    let notices: AsyncStream<SessionChange>
    /// The hub of this server's event streams.
    let hub: SessionChangeHub

    func run() async {
        await cancelWhenGracefulShutdown { await hub.publish(contentsOf: notices) }
    }
}

import AgentSessions
import AgentSessionsIdempotency
import ServiceLifecycle

/// The store `serve` keeps sessions in, with what its storage gives the server, each handed to
/// `buildApplication` by name.
struct ServedStore {
    /// The store, encrypted for the apps of `--encrypt-app`.
    var store: any SessionStore
    /// What must run beside it (the PostgreSQL store: its pool, schema preparation and listener).
    var services: [any Service] = []
    /// The `Idempotency-Key` records of its storage (sealed for encrypted apps); `nil` for
    /// storage that keeps none (files): the server keeps them in memory.
    var idempotency: (any IdempotencyStore)?
    /// Its storage's health check, for storage that can be out of reach (PostgreSQL).
    var health: (any HealthCheckable)?
    /// The sessions changed by other servers on the same database (PostgreSQL).
    var changeNotices: AsyncStream<SessionChange>?
}

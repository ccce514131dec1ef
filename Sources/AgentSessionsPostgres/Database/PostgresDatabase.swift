import AgentSessions
import Logging
import PostgresNIO
import Synchronization

/// Where the store's connections come from, and the one way every operation uses one: the
/// schema is brought up to date on first use, and every error leaves as a ``SessionStoreError``.
///
/// Until the schema has been prepared, a failed preparation is remembered for a few seconds
/// (``failureMemory``): operations in that time fail at once with its error instead of each
/// waiting for the server, and a preparation waits at most ``connectionTimeout`` for a
/// connection. So a server started before its database answers 503 promptly, and recovers on
/// its own once the database is there.
final class PostgresDatabase: Sendable {
    /// Where connections come from.
    enum Source: Sendable {
        /// A pooled client that its owner runs (in a `ServiceGroup`, or a task of its own).
        case client(PostgresClient)
        /// A new connection for each operation, closed afterwards: for short-lived tools.
        case perOperation(PostgresEndpoint)
    }

    /// Whether the schema is ready.
    private enum Readiness {
        case unprepared
        case failed(SessionStoreError, at: ContinuousClock.Instant)
        case prepared
    }

    /// How long a preparation waits for a connection of the pool: 10 seconds.
    static let connectionTimeout = Duration.seconds(10)
    /// How long a failed preparation makes operations fail at once: 5 seconds.
    static let failureMemory = Duration.seconds(5)

    let source: Source
    let tables: PostgresTables
    let logger: Logger
    private let readiness = Mutex(Readiness.unprepared)
    private let gate = SerialGate()

    init(source: Source, tables: PostgresTables, logger: Logger) {
        self.source = source
        self.tables = tables
        self.logger = logger
    }

    /// Runs `body` on a connection, outside an explicit transaction: for single statements,
    /// which PostgreSQL runs atomically.
    /// - Parameters:
    ///   - action: What is being done, for error messages ("read session 'x'").
    ///   - preparing: Whether the schema is brought up to date first (if this store has not
    ///     done so yet). Defaults to `true`.
    /// - Throws: ``SessionStoreError``, or `CancellationError`.
    func run<T: Sendable>(
        _ action: @autoclosure () -> String,
        preparing: Bool = true,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        if preparing { try await prepareIfNeeded() }
        do {
            return try await withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresFailure.wrap(error, while: action())
        }
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    /// - Parameter action: What is being done, for error messages.
    /// - Throws: ``SessionStoreError``, or `CancellationError`.
    func transaction<T: Sendable>(
        _ action: @autoclosure () -> String,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await run(action()) { connection in
            try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Brings the schema up to date now, whether or not it was done before.
    /// - Throws: ``SessionStoreError``: incompatible schema, unavailable (also when no
    ///   connection came within ``connectionTimeout``).
    func prepare() async throws {
        do {
            let (tables, logger) = (self.tables, self.logger)
            try await withConnection(within: Self.connectionTimeout) { connection in
                try await PostgresSchema.prepare(tables, on: connection, logger: logger)
            }
            readiness.withLock { $0 = .prepared }
        } catch {
            let wrapped = PostgresFailure.wrap(error, while: "prepare the schema '\(tables.schemaName)'")
            if let failure = wrapped as? SessionStoreError, failure.code == .unavailable {
                readiness.withLock { $0 = .failed(failure, at: .now) }
            }
            throw wrapped
        }
    }

    /// Prepares the schema unless it is, or failed to be within ``failureMemory`` (then throws
    /// that failure again). Concurrent callers wait for one preparation (``gate``) instead of
    /// each holding a connection while they queue for the migration lock.
    private func prepareIfNeeded() async throws {
        if case .prepared = readiness.withLock({ $0 }) { return }
        try await gate.pass {
            let state = self.readiness.withLock { $0 }
            switch state {
            case .prepared:
                return
            case .failed(let error, let at) where at.duration(to: .now) < Self.failureMemory:
                throw error
            case .failed, .unprepared:
                try await self.prepare()
            }
        }
    }

    /// Runs `body` on a connection, giving up with ``SessionStoreError/Code/unavailable`` if
    /// the pool lends none within `timeout` (once lent, `body` takes as long as it takes).
    private func withConnection(
        within timeout: Duration,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws {
        guard case .client(let client) = source else { return try await withConnection(body) }
        let lent = LentFlag()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    lent.value.withLock { $0 = true }
                    try await body(connection)
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                guard lent.value.withLock({ $0 }) else {
                    throw SessionStoreError(
                        .unavailable,
                        "no connection to the PostgreSQL server came within \(timeout); check that it runs and that "
                            + "the address, user and database are right"
                    )
                }
                return false
            }
            while let finished = try await group.next() {
                if finished {
                    group.cancelAll()
                    return
                }
            }
        }
    }

    /// Lends a connection of the pool, or of a client made and run for this call alone.
    private func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        switch source {
        case .client(let client):
            return try await client.withConnection { connection in try await body(connection) }
        case .perOperation(let endpoint):
            let connection = try await PostgresConnection.connect(
                configuration: try endpoint.connectionConfiguration(),
                id: 1,
                logger: logger
            )
            do {
                let result = try await body(connection)
                try await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }
}

/// Whether a connection was lent, shared between a lease and its timer.
private final class LentFlag: Sendable {
    let value = Mutex(false)
}

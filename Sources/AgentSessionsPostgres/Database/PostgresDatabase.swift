import AgentSessions
import Logging
import PostgresNIO
import Synchronization

/// Where the store's connections come from, and the one way every operation uses one: the
/// schema is brought up to date on first use, and every error leaves as a ``SessionStoreError``.
final class PostgresDatabase: Sendable {
    /// Where connections come from.
    enum Source: Sendable {
        /// A pooled client that its owner runs (in a `ServiceGroup`, or a task of its own).
        case client(PostgresClient)
        /// A new connection for each operation, closed afterwards: for short-lived tools.
        case perOperation(PostgresEndpoint)
    }

    let source: Source
    let tables: PostgresTables
    let logger: Logger
    /// Whether this store has checked and migrated the schema already.
    private let isPrepared = Mutex(false)

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
        do {
            return try await withConnection { connection in
                if preparing { try await prepareOnce(connection) }
                return try await body(connection)
            }
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
    /// - Throws: ``SessionStoreError``: incompatible schema, unavailable.
    func prepare() async throws {
        do {
            try await withConnection { connection in
                try await PostgresSchema.prepare(tables, on: connection, logger: logger)
            }
            isPrepared.withLock { $0 = true }
        } catch {
            throw PostgresFailure.wrap(error, while: "prepare the schema '\(tables.schemaName)'")
        }
    }

    private func prepareOnce(_ connection: PostgresConnection) async throws {
        guard !isPrepared.withLock({ $0 }) else { return }
        try await PostgresSchema.prepare(tables, on: connection, logger: logger)
        isPrepared.withLock { $0 = true }
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

public import AgentSessions
import PostgresNIO

extension PostgresSessionStore: HealthCheckable {
    /// How long a health check waits for the server: 2 seconds.
    public static let healthCheckTimeout = Duration.seconds(2)

    /// Checks that the server answers, waiting at most ``healthCheckTimeout``.
    /// - Returns: `postgres`, available or not, and the reason (a `SessionStoreError`'s
    ///   message, which names no address or password).
    public func checkHealth() async -> StoreHealth {
        await checkHealth(within: Self.healthCheckTimeout)
    }

    /// Checks that the server answers a `SELECT 1`, waiting at most `timeout`.
    /// - Parameter timeout: How long to wait for the answer.
    /// - Returns: `postgres`, available or not, and the reason.
    public func checkHealth(within timeout: Duration) async -> StoreHealth {
        let outcome = await withTaskGroup(of: StoreHealth?.self) { group in
            group.addTask {
                do {
                    _ = try await self.database.run("check the PostgreSQL server", preparing: false) { connection in
                        try await connection.query("SELECT 1", logger: self.logger)
                    }
                    return StoreHealth(store: "postgres", isAvailable: true)
                } catch let error as SessionStoreError {
                    return StoreHealth(store: "postgres", isAvailable: false, reason: error.message)
                } catch {
                    return StoreHealth(store: "postgres", isAvailable: false, reason: "the check was cancelled")
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return outcome
            ?? StoreHealth(
                store: "postgres",
                isAvailable: false,
                reason: "the PostgreSQL server did not answer within \(timeout); check that it runs"
            )
    }
}

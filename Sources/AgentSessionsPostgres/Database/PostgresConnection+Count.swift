import PostgresNIO

extension PostgresConnection {
    /// Runs a statement whose first row's first column is a count (`SELECT count(*) …`).
    /// - Returns: The count; 0 when no row comes back.
    func count(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        for try await value in try await self.query(query, logger: logger).decode(Int64.self) {
            return Int(value)
        }
        return 0
    }
}

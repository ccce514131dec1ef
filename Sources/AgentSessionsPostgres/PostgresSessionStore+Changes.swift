public import AgentSessions
import PostgresNIO

extension PostgresSessionStore {
    /// Listens for sessions changed by any process on this database (every server sharing it)
    /// and calls `changed` with each one's key, until the task is cancelled or the connection
    /// fails.
    ///
    /// Changes are announced by a trigger at commit (`NOTIFY`), so `changed` hears of writes
    /// made through this store too; a listener that re-reads the session on each call (as the
    /// server's event streams do) is not troubled by that.
    /// - Throws: ``SessionStoreError`` (unavailable) when the connection fails, or
    ///   `CancellationError`.
    public func listenForChangedSessions(_ changed: @escaping @Sendable (SessionKey) -> Void) async throws {
        let channel = database.tables.changeChannel
        try await database.run("listen for changed sessions") { connection in
            try await connection.listen(on: channel) { notifications in
                for try await notification in notifications {
                    guard let key = Self.key(fromNotification: notification.payload) else { continue }
                    changed(key)
                }
            }
        }
    }

    /// The key of a notification's payload, `app/id`; `nil` for anything else.
    static func key(fromNotification payload: String) -> SessionKey? {
        guard let slash = payload.firstIndex(of: "/") else { return nil }
        let app = String(payload[..<slash])
        guard let id = try? SessionID(String(payload[payload.index(after: slash)...])) else { return nil }
        return SessionKey(id, app: app)
    }
}

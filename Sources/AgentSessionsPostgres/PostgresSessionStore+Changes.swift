public import AgentSessions
import PostgresNIO

extension PostgresSessionStore {
    /// Listens for changes made by any process on this database (every server sharing it) and
    /// calls `changed` with each, until the task is cancelled or the connection fails.
    ///
    /// Notices arrive at commit, in commit order:
    /// - `SessionChange/Kind/changed` for every write that touches a session (sent by a
    ///   trigger), including writes made through this store: a listener that reads the session
    ///   again on each (as the server's event streams do) is not troubled by that;
    /// - `SessionChange/Kind/itemsRemoved(_:)` and `SessionChange/Kind/itemsCleared(count:)`
    ///   for pops and clears made through other store instances (other servers, the
    ///   command-line tool), which a read cannot show. This store's own are left out: whoever
    ///   observes this store already hears of them from it (an `ObservedSessionStore` over it
    ///   reports them), and hearing them twice would report one removal twice.
    ///
    /// Removal notices come from AgentSessions versions that send them; a pop or clear made by
    /// an older one arrives as `SessionChange/Kind/changed` only.
    /// - Parameter changed: Called with each change, one at a time, in the order of commits.
    /// - Throws: `SessionStoreError` (unavailable) when the connection fails, or
    ///   `CancellationError`.
    public func listenForSessionChanges(_ changed: @escaping @Sendable (SessionChange) -> Void) async throws {
        let channel = database.tables.changeChannel
        try await database.run("listen for changed sessions") { connection in
            try await connection.listen(on: channel) { notifications in
                for try await notification in notifications {
                    guard let notice = PostgresChangeNotice(payload: notification.payload),
                        notice.origin != noticeOrigin
                    else { continue }
                    changed(notice.change)
                }
            }
        }
    }

    /// Sends a removal notice on the change channel, in the transaction of `connection`: it
    /// reaches the listeners when the transaction commits, and never if it rolls back.
    func announce(_ kind: SessionChange.Kind, of key: SessionKey, on connection: PostgresConnection) async throws {
        let notice = PostgresChangeNotice(SessionChange(key: key, kind: kind), origin: noticeOrigin)
        try await connection.query(
            "SELECT pg_notify(\(tables.changeChannel), \(notice.payload))",
            logger: logger
        )
    }
}

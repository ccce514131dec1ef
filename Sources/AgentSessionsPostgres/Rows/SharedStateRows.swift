import AgentSessions
import Logging
import PostgresNIO

/// The `app:` and `user:` state scopes, kept in the `app_state` and `user_state` tables.
enum SharedStateRows {
    /// Merges the shared part of a state delta into the app's and the user's state, in the
    /// database and in `stored`.
    ///
    /// Each scope that changes is first locked and read again (its row is created empty when
    /// missing), so concurrent writers of one scope, in any process, merge one after another
    /// and never lose a key.
    static func apply(
        _ delta: SharedStateDelta,
        to stored: inout StoredSession,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !delta.isEmpty else { return }
        let session = stored.session
        let id = session.id.rawValue
        if !delta.app.isEmpty {
            let text = try await lockedText(
                """
                INSERT INTO \(unescaped: tables.appState) AS t (app, state) VALUES (\(session.app), '{}') \
                ON CONFLICT (app) DO UPDATE SET state = t.state RETURNING t.state
                """,
                on: connection,
                logger: logger
            )
            stored.appState = try SessionColumns.sharedObject(text, column: "app state", of: id)
        }
        if !delta.user.isEmpty {
            let text = try await lockedText(
                """
                INSERT INTO \(unescaped: tables.userState) AS t (app, user_id, state) \
                VALUES (\(session.app), \(session.userID), '{}') \
                ON CONFLICT (app, user_id) DO UPDATE SET state = t.state RETURNING t.state
                """,
                on: connection,
                logger: logger
            )
            stored.userState = try SessionColumns.sharedObject(text, column: "user state", of: id)
        }
        let texts = stored.mergeShared(delta)
        if let text = texts.app {
            try await connection.query(
                "UPDATE \(unescaped: tables.appState) SET state = \(text) WHERE app = \(session.app)",
                logger: logger
            )
        }
        if let text = texts.user {
            try await connection.query(
                """
                UPDATE \(unescaped: tables.userState) SET state = \(text) \
                WHERE app = \(session.app) AND user_id = \(session.userID)
                """,
                logger: logger
            )
        }
    }

    /// Merges the shared state into every session of a listing (all of one app, with their own
    /// state only), reading the app's state and the state of the listed users in one statement.
    static func merge(
        into sessions: inout [Session],
        app: String,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard let first = sessions.first?.id.rawValue else { return }
        let userIDs = Array(Set(sessions.map(\.userID)))
        let rows = try await connection.query(
            """
            SELECT NULL::text, state FROM \(unescaped: tables.appState) WHERE app = \(app) UNION ALL \
            SELECT user_id, state FROM \(unescaped: tables.userState) WHERE app = \(app) AND user_id = ANY(\(userIDs))
            """,
            logger: logger
        )
        var appState: JSONObject?
        var userStates: [String: JSONObject] = [:]
        for try await (userID, text) in rows.decode((String?, String).self) {
            if let userID {
                userStates[userID] = try StoredJSON.object(text, column: "user state", of: first)
            } else {
                appState = try StoredJSON.object(text, column: "app state", of: first)
            }
        }
        guard appState?.isEmpty == false || !userStates.isEmpty else { return }
        for index in sessions.indices {
            sessions[index].state = StateScope.merged(
                session: sessions[index].state,
                app: appState,
                user: userStates[sessions[index].userID]
            )
        }
    }

    private static func lockedText(
        _ query: PostgresQuery,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> String? {
        for try await text in try await connection.query(query, logger: logger).decode(String.self) {
            return text
        }
        return nil
    }
}

import AgentSessions
import GRDB

/// The `app:` and `user:` state scopes, kept in the `app_state` and `user_state` tables.
enum SharedState {
    static let selectApp = "SELECT state FROM app_state WHERE app = ?1"

    static let selectUser = "SELECT state FROM user_state WHERE app = ?1 AND user_id = ?2"

    static let upsertApp = """
        INSERT INTO app_state (app, state) VALUES (?1, ?2) ON CONFLICT (app) DO UPDATE SET state = excluded.state
        """

    static let upsertUser = """
        INSERT INTO user_state (app, user_id, state) VALUES (?1, ?2, ?3) \
        ON CONFLICT (app, user_id) DO UPDATE SET state = excluded.state
        """

    /// Merges the shared state into every session of a listing (all of one app, with their own
    /// state only), reading the app's state once and each user's once.
    static func merge(into sessions: inout [Session], app: String, in db: Database) throws {
        guard let first = sessions.first?.id.rawValue else { return }
        let appState = try object(text(selectApp, [.text(app)], in: db), column: "app state", of: first)
        // Listings by user, the common case, have one user: no dictionary lookup for them.
        var current: (userID: String, state: JSONObject?)?
        var userStates: [String: JSONObject?] = [:]
        for index in sessions.indices {
            let userID = sessions[index].userID
            let userState: JSONObject?
            if let current, current.userID == userID {
                userState = current.state
            } else if let known = userStates[userID] {
                userState = known
            } else {
                let text = try text(selectUser, [.text(app), .text(userID)], in: db)
                userState = try object(text, column: "user state", of: sessions[index].id.rawValue)
                userStates[userID] = userState
            }
            current = (userID, userState)
            if appState?.isEmpty == false || userState?.isEmpty == false {
                sessions[index].state = StateScope.merged(
                    session: sessions[index].state,
                    app: appState,
                    user: userState
                )
            }
        }
    }

    /// The state text a shared-state query finds, if any.
    private static func text(_ sql: String, _ arguments: [SQLArgument], in db: Database) throws -> String? {
        try ColumnReader.firstRow(of: db.cachedStatement(sql: sql), arguments) { row in row.optional(0, String.self) }
            ?? nil
    }

    /// Parses a shared-state text; `nil` stays `nil`.
    /// - Throws: ``SessionStoreError`` (corrupted) if the text is not a JSON object.
    static func object(_ text: String?, column: String, of id: String) throws(SessionStoreError) -> JSONObject? {
        guard let text else { return nil }
        return try StoredJSON.object(text, column: column, of: id)
    }

    /// Merges the shared part of a state delta into the app's and the user's state, in the
    /// database and in `stored` (whose shared state must be current).
    static func apply(_ delta: SharedStateDelta, to stored: inout StoredSession, in db: Database) throws {
        let session = stored.session
        let texts = stored.mergeShared(delta)
        if let text = texts.app {
            try db.cachedStatement(sql: upsertApp).execute(arguments: [session.app, text])
        }
        if let text = texts.user {
            try db.cachedStatement(sql: upsertUser).execute(arguments: [session.app, session.userID, text])
        }
    }
}

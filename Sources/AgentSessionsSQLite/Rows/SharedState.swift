import AgentSessions
import GRDB

/// The `app:` and `user:` state scopes, kept in the `app_state` and `user_state` tables.
enum SharedState {
    /// The app's and the user's state texts (`?1` app, `?2` user), `NULL` when missing.
    static let select = """
        SELECT (SELECT state FROM app_state WHERE app = ?1), \
        (SELECT state FROM user_state WHERE app = ?1 AND user_id = ?2)
        """

    static let upsertApp = """
        INSERT INTO app_state (app, state) VALUES (?1, ?2) ON CONFLICT (app) DO UPDATE SET state = excluded.state
        """

    static let upsertUser = """
        INSERT INTO user_state (app, user_id, state) VALUES (?1, ?2, ?3) \
        ON CONFLICT (app, user_id) DO UPDATE SET state = excluded.state
        """

    /// Reads the shared state of a session's app and user into it.
    static func load(into stored: inout StoredSession, in db: Database) throws {
        let session = stored.session
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: select),
            arguments: [session.app, session.userID]
        )
        guard let row = try cursor.next() else { return }
        var parser = SharedStateParser()
        stored.appState = try parser.object(try row.decode(atIndex: 0), scope: .app, of: session.id.rawValue)
        stored.userState = try parser.object(try row.decode(atIndex: 1), scope: .user, of: session.id.rawValue)
    }

    /// Merges the shared part of a state delta into the app's and the user's state, in the
    /// database and in `stored` (whose shared state must be current).
    static func apply(_ delta: SharedStateDelta, to stored: inout StoredSession, in db: Database) throws {
        let session = stored.session
        if !delta.app.isEmpty {
            var state = stored.appState ?? [:]
            state.merge(patch: delta.app)
            try db.cachedStatement(sql: upsertApp).execute(arguments: [session.app, StoredJSON.text(state)])
            stored.appState = state
        }
        if !delta.user.isEmpty {
            var state = stored.userState ?? [:]
            state.merge(patch: delta.user)
            try db.cachedStatement(sql: upsertUser).execute(arguments: [
                session.app, session.userID, StoredJSON.text(state),
            ])
            stored.userState = state
        }
    }
}

/// Parses shared-state texts, remembering the last text of each scope: the sessions of a
/// listing mostly share one app state and few user states.
struct SharedStateParser {
    /// Which scope a text belongs to.
    enum Scope {
        case app
        case user
    }

    private var app: (text: String, object: JSONObject)?
    private var user: (text: String, object: JSONObject)?

    /// Parses a shared-state text; `nil` stays `nil`.
    /// - Throws: ``SessionStoreError`` (corrupted) if the text is not a JSON object.
    mutating func object(_ text: String?, scope: Scope, of id: String) throws(SessionStoreError) -> JSONObject? {
        guard let text else { return nil }
        switch scope {
        case .app:
            if let app, app.text == text { return app.object }
            let object = try StoredJSON.object(text, column: "app state", of: id)
            app = (text, object)
            return object
        case .user:
            if let user, user.text == text { return user.object }
            let object = try StoredJSON.object(text, column: "user state", of: id)
            user = (text, object)
            return object
        }
    }
}

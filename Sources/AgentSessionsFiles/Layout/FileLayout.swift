import AgentSessions

/// Where each file of a session lives, relative to the store's directory.
///
/// ```
/// <app>/session_<id>/session.json                               Strands' Session
/// <app>/session_<id>/agents/agent_<agent>/agent.json            Strands' SessionAgent (state = the session's own state)
/// <app>/session_<id>/agents/agent_<agent>/messages/message_<n>.json   Strands' SessionMessage (item n + 1)
/// <app>/session_<id>/agent-sessions.json                        this store's record: phase, history, version…
/// <app>/session_<id>/compactions.json                           the session's compactions, counted by the record
/// <app>/session_<id>/item-ids/, children/, .lock                item ids, child sessions, the lock file
/// <app>/.agent-sessions/                                        app and user state, the user index
/// ```
///
/// Every component is checked by ``component(_:what:field:)`` before a path is built.
struct FileLayout: Sendable {
    /// The agent id Strands gives an agent without one, used for sessions without an agent.
    static let defaultAgent = "default"
    /// The name of the store's own record in a session folder.
    static let recordName = "agent-sessions.json"
    /// The folder of an app's shared state and user index.
    static let sharedFolderName = ".agent-sessions"
    /// The prefix of session folders.
    static let sessionPrefix = "session_"

    /// The app folder.
    let app: String
    /// The session folder.
    let folder: String

    /// The layout of one session.
    /// - Throws: ``SessionStoreError`` (invalid argument) if the app or id could leave the folder.
    init(_ key: SessionKey) throws(SessionStoreError) {
        app = try Self.component(key.app, what: "app name", field: "app")
        folder = app + "/" + Self.sessionPrefix + (try Self.component(key.id.rawValue, what: "session id", field: "id"))
    }

    var strandsSession: String { folder + "/session.json" }
    var record: String { folder + "/" + Self.recordName }
    var lock: String { folder + "/.lock" }
    var agents: String { folder + "/agents" }
    var itemIDs: String { folder + "/item-ids" }
    var children: String { folder + "/children" }
    var batchIntent: String { folder + "/append-batch.json" }
    var compactions: String { folder + "/compactions.json" }

    /// The folder of an agent; an empty name is Strands' `default`.
    func agent(_ name: String) throws(SessionStoreError) -> String {
        agents + "/agent_"
            + (name.isEmpty ? Self.defaultAgent : try Self.component(name, what: "agent name", field: "agent"))
    }

    func agentFile(_ name: String) throws(SessionStoreError) -> String { try agent(name) + "/agent.json" }

    func messages(_ name: String) throws(SessionStoreError) -> String { try agent(name) + "/messages" }

    /// The message file of an item: Strands numbers messages from 0, items from 1.
    static func messageName(sequence: Int64) -> String { "message_\(sequence - 1).json" }

    /// The sequence number of a message file name, or `nil` for other names.
    static func sequence(ofMessage name: String) -> Int64? {
        guard name.hasPrefix("message_"), name.hasSuffix(".json") else { return nil }
        guard let index = Int64(name.dropFirst(8).dropLast(5)), index >= 0, index < .max else { return nil }
        return index + 1
    }

    /// The marker of an item id (a link to its sequence number).
    func itemIDMarker(_ itemID: String) throws(SessionStoreError) -> String {
        itemIDs + "/id-" + (try Self.component(itemID, what: "item id", field: "item_id"))
    }

    /// The marker of the item id of a sequence number (a link to the id).
    func sequenceMarker(_ sequence: Int64) -> String { itemIDs + "/seq-\(sequence)" }

    /// The marker of a child session in its parent's folder.
    func childMarker(_ child: SessionID) throws(SessionStoreError) -> String {
        children + "/" + (try Self.component(child.rawValue, what: "session id", field: "id"))
    }

    // MARK: Shared state

    /// The folder of an app's shared state.
    static func shared(app: String) throws(SessionStoreError) -> String {
        try component(app, what: "app name", field: "app") + "/" + sharedFolderName
    }

    static func sharedLock(app: String) throws(SessionStoreError) -> String { try shared(app: app) + "/.lock" }

    static func appState(app: String) throws(SessionStoreError) -> String { try shared(app: app) + "/app-state.json" }

    static func user(_ userID: String, app: String) throws(SessionStoreError) -> String {
        try shared(app: app) + "/users/" + (try component(userID, what: "user id", field: "user_id"))
    }

    static func userState(_ userID: String, app: String) throws(SessionStoreError) -> String {
        try user(userID, app: app) + "/state.json"
    }

    /// The folder listing a user's sessions, one empty file per session id.
    static func userSessions(_ userID: String, app: String) throws(SessionStoreError) -> String {
        try user(userID, app: app) + "/sessions"
    }

    // MARK: Checks

    /// Checks one path component: the id alphabet (`A-Z a-z 0-9 . _ : @ -`), 1 to 128
    /// characters, not dots alone, and — checked again here whatever the caller validated —
    /// no `/`, `\`, NUL or leading `/`.
    /// - Throws: ``SessionStoreError`` (invalid argument).
    static func component(_ value: String, what: String, field: String) throws(SessionStoreError) -> String {
        try Identifier.validate(value, field: field, what: what, allowsEmpty: false)
        guard !value.utf8.contains(where: { $0 == 0x2F || $0 == 0x5C || $0 == 0 }), value.utf8.count <= 128 else {
            throw .invalid(field, "\(what) '\(Identifier.printable(value))' cannot be used as a file name")
        }
        return value
    }
}

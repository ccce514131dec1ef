/// The state scopes of Google ADK: keys prefixed `app:` are shared by every session of the app,
/// `user:` by every session of the same user in the app, `temp:` are never stored, and every
/// other key belongs to the session alone.
public enum StateScope {
    /// The prefix of app-wide keys.
    public static let appPrefix = "app:"
    /// The prefix of per-user keys.
    public static let userPrefix = "user:"
    /// The prefix of keys that are never stored.
    public static let tempPrefix = "temp:"

    /// Splits a state delta by scope, dropping `temp:` keys. Keys keep their prefixes.
    /// - Parameters:
    ///   - delta: The state keys to set (or, with `null`, remove).
    ///   - userID: The session's user; `user:` keys need one.
    /// - Throws: ``SessionStoreError`` (invalid argument) for `user:` keys in a session without
    ///   a user, which would otherwise share them with every other session without one.
    package static func split(
        _ delta: JSONObject,
        userID: String
    ) throws(SessionStoreError) -> (session: JSONObject, shared: SharedStateDelta) {
        var session = JSONObject()
        var shared = SharedStateDelta()
        for (key, value) in delta {
            if key.hasPrefix(appPrefix) {
                shared.app[key] = value
            } else if key.hasPrefix(userPrefix) {
                guard !userID.isEmpty else {
                    throw .invalid(
                        "state",
                        "state key '\(Identifier.printable(key))' is per user, but the session has no user; "
                            + "create the session with a user id or drop the user: prefix"
                    )
                }
                shared.user[key] = value
            } else if !key.hasPrefix(tempPrefix) {
                session[key] = value
            }
        }
        return (session, shared)
    }

    /// The state a reader sees: the session's own keys with the app's and the user's merged in.
    package static func merged(session: JSONObject, app: JSONObject?, user: JSONObject?) -> JSONObject {
        guard app?.isEmpty == false || user?.isEmpty == false else { return session }
        var result = session
        if let app { result.merge(app) { _, shared in shared } }
        if let user { result.merge(user) { _, shared in shared } }
        return result
    }
}

/// The part of a state delta that goes to the shared scopes.
package struct SharedStateDelta: Hashable, Sendable {
    /// `app:` keys, with `null` for removal.
    package var app: JSONObject = [:]
    /// `user:` keys, with `null` for removal.
    package var user: JSONObject = [:]

    package init() {}

    package var isEmpty: Bool { app.isEmpty && user.isEmpty }
}

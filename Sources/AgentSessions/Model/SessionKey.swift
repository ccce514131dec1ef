/// What identifies a session: its app and its id. Two apps may use the same id without
/// seeing each other's sessions.
///
/// ```swift
/// let key = SessionKey("checkout-42")                 // app "default"
/// let other = SessionKey("checkout-42", app: "shop")  // a different session
/// ```
public struct SessionKey: Hashable, Sendable, CustomStringConvertible {
    /// The app used when none is given: `default`.
    public static let defaultApp = "default"

    /// The app the session belongs to.
    public var app: String
    /// The session's id within its app.
    public var id: SessionID

    /// Creates a key.
    /// - Parameters:
    ///   - id: The session id.
    ///   - app: The app. Defaults to `default`.
    public init(_ id: SessionID, app: String = SessionKey.defaultApp) {
        self.app = app
        self.id = id
    }

    public var description: String { "\(app)/\(id)" }

    /// Checks an app name: the same alphabet and length as a session id.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `app`).
    public static func validateApp(_ app: String) throws(SessionStoreError) {
        try Identifier.validate(app, field: "app", what: "app name", allowsEmpty: false)
    }
}

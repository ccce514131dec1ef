/// The metadata keys of the store's log messages, declared once.
enum LogKey {
    /// The session's id.
    static let sessionID = "session.id"
    /// The session's app.
    static let app = "session.app"
    /// A path relative to the store's directory.
    static let path = "file.path"
    /// Why something was skipped.
    static let reason = "error.message"
}

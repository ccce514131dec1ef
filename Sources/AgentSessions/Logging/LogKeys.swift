/// The log metadata keys of the package, declared once (lowercase, dotted, prefixed).
package enum LogKeys {
    /// The session id a log line is about.
    package static let sessionID = "agent_sessions.session.id"
    /// The app a log line is about.
    package static let app = "agent_sessions.app"
    /// The address a server binds.
    package static let host = "agent_sessions.host"
    /// The agent a log line is about.
    package static let agent = "agent_sessions.agent"
    /// The model a log line is about.
    package static let model = "agent_sessions.model"
    /// How many things an operation touched, such as records removed.
    package static let count = "agent_sessions.count"
    /// An error's description (never item content).
    package static let error = "agent_sessions.error"
}

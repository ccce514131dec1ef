/// The names of the attributes the server puts on its spans, beside the OpenTelemetry
/// conventions' own (`http.route`, `http.response.status_code`, `gen_ai.request.model`).
///
/// They name what a call worked on, never what it carried: no item content, no API key.
public enum SpanAttributeNames {
    /// The app of the session a call works on: `agent_sessions.app`.
    public static let app = "agent_sessions.app"
    /// The session a call names: `agent_sessions.session_id`.
    public static let sessionID = "agent_sessions.session_id"
    /// The store operation of a `store.…` span, as the metrics name it: `agent_sessions.operation`.
    public static let operation = "agent_sessions.operation"
    /// The agent of a chat turn: `agent_sessions.agent`.
    public static let agent = "agent_sessions.agent"
}

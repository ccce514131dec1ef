/// The metadata keys of the server's request logging, declared once (OpenTelemetry's names for
/// the HTTP ones).
enum RequestLogKeys {
    /// The request's id (`X-Request-Id`), on every line logged while it is answered.
    static let requestID = "agent_sessions.request.id"
    /// The method.
    static let method = "http.request.method"
    /// The route's pattern, such as `/v1/sessions/{id}`.
    static let route = "http.route"
    /// The answer's status code.
    static let status = "http.response.status_code"
    /// How long the answer took, in milliseconds.
    static let durationMilliseconds = "duration_ms"
}

/// The names of the server's metrics, as `/metrics` shows them.
enum MetricNames {
    /// Always 1, with the build's `version`, `commit`, `commit_date` and `sqlite` as labels.
    static let buildInfo = "agent_sessions_build_info"
    /// Requests answered, by `method`, `route` (the route's pattern) and `status`.
    static let requests = "agent_sessions_http_requests_total"
    /// Request latency in seconds, by `method`, `route` and `status`.
    static let requestDuration = "agent_sessions_http_request_duration_seconds"
    /// Store call latency in seconds, by `operation`.
    static let storeDuration = "agent_sessions_store_duration_seconds"
    /// Store calls that failed, by `operation`.
    static let storeFailures = "agent_sessions_store_failures_total"
    /// Sessions created (created, get-or-created, forked, children).
    static let sessionsCreated = "agent_sessions_sessions_created_total"
    /// Resumes recorded.
    static let sessionsResumed = "agent_sessions_sessions_resumed_total"
    /// Sessions finalized.
    static let sessionsFinalized = "agent_sessions_sessions_finalized_total"
    /// Sessions the background sweeper deleted, by `reason`: `expired`, or `idle` (longer than
    /// the app's idle time).
    static let sessionsSwept = "agent_sessions_sessions_swept_total"
}

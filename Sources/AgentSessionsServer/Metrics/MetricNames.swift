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

    /// The `# HELP` text of each metric above, and of the process metrics.
    static let descriptions: [String: String] = [
        buildInfo: "Always 1; the labels say which build runs: version, commit, commit_date, sqlite.",
        requests: "HTTP requests answered, by method, route pattern and status.",
        requestDuration: "Time to answer an HTTP request, in seconds, by method, route pattern and status.",
        storeDuration: "Time a store call took, in seconds, by operation.",
        storeFailures: "Store calls that failed, by operation.",
        sessionsCreated: "Sessions created: created, get-or-created, forked and children.",
        sessionsResumed: "Resumes recorded.",
        sessionsFinalized: "Sessions finalized.",
        sessionsSwept: "Sessions the background clean-up deleted, by reason: expired or idle.",
        ProcessMetrics.cpuSeconds: "CPU time the process has used, user and system, in seconds.",
        ProcessMetrics.residentMemory: "Memory the process holds in RAM, in bytes.",
        ProcessMetrics.virtualMemory: "The process's virtual memory, in bytes.",
        ProcessMetrics.openFiles: "File descriptors the process has open.",
        ProcessMetrics.maximumFiles: "The most file descriptors the process may open.",
        ProcessMetrics.startTime: "When the process started, in seconds since the Unix epoch.",
    ]
}

public import CoreMetrics
public import Prometheus

/// Where the server's metrics go, and the registry `GET /metrics` renders in Prometheus' text
/// format.
///
/// Each application gets its own registry by default, so several servers in one process (as in
/// tests) do not mix their figures. `agent-sessions serve` also makes the registry's factory
/// the process's `MetricsSystem`, so metrics of other libraries appear at `/metrics` too.
public struct ServerMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The factory every metric of the server is made with.
    public let factory: any MetricsFactory
    /// The `# HELP` texts `/metrics` shows.
    let descriptions = MetricDescriptions()

    /// Metrics kept in `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
    }

    /// The buckets of every latency histogram: 100 µs to 10 s.
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
    ]

    /// Records the gauge `agent_sessions_build_info` (always 1) with what the build is as its
    /// labels, such as `version`, `commit` and `sqlite`, so that dashboards can tell builds apart.
    /// - Parameter labels: The labels, in order.
    public func recordBuildInfo(_ labels: [(String, String)]) {
        Gauge(label: MetricNames.buildInfo, dimensions: labels, factory: factory).record(1)
    }

    /// The metrics in Prometheus' text exposition format, each with a `# HELP` line, and the
    /// process's own (``ProcessMetrics``).
    var text: String {
        descriptions.addingHelp(to: registry.emitToString()) + (ProcessMetrics.current()?.text ?? "")
    }
}

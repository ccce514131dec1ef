import Logging
import OTel
import ServiceLifecycle
import Tracing

/// The traces of `serve --otlp-endpoint`: swift-otel's OTLP/HTTP exporter, bootstrapped as the
/// process's tracer.
enum ServeTracing {
    /// Bootstraps the tracer that sends spans to a collector, and returns the service that
    /// batches and sends them; run it in the service group before the server, so that it stops
    /// after the server and sends the last spans.
    ///
    /// The OpenTelemetry environment variables (`OTEL_SERVICE_NAME`,
    /// `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_TRACES_SAMPLER`,
    /// `OTEL_BSP_*`) refine the configuration, as swift-otel reads them.
    /// - Parameters:
    ///   - endpoint: The collector's base URL, such as `http://127.0.0.1:4318`; spans go to its
    ///     `/v1/traces`.
    ///   - logger: Where the exporter reports its own trouble (warnings and errors).
    /// - Returns: The exporter's service.
    /// - Throws: swift-otel's configuration error, for a bad `OTEL_*` variable.
    static func bootstrap(endpoint: String, logger: Logger) throws -> any Service {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "agent-sessions"
        configuration.resourceAttributes["service.version"] = AgentSessionsVersion.version
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.otlpExporter.endpoint = endpoint + "/v1/traces"
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }
}

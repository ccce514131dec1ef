public import AgentSessions
public import AgentSessionsIdempotency
package import Tracing

/// How the HTTP server runs: where it listens, what it accepts, who may call it and the
/// background sweeper's timing.
///
/// Every parameter has a default, so `ServerConfiguration()` is a server on 127.0.0.1:8080 in
/// open mode.
///
/// ```swift
/// let configuration = ServerConfiguration(
///     host: "0.0.0.0", port: 9000, apiKeys: try APIKeyRing(parsing: "ops 0f2c…", source: "keys.txt"))
/// let app = try buildApplication(configuration: configuration, store: store, logger: logger)
/// try await app.runService()
/// ```
public struct ServerConfiguration: Sendable {
    /// The address to bind. Defaults to `127.0.0.1`.
    public var host: String
    /// The port to bind; 0 picks a free one. Defaults to 8080.
    public var port: Int
    /// The largest request body accepted, in bytes; a larger one is answered 413. Defaults to
    /// 1 MiB.
    public var bodyLimit: Int
    /// The API keys. Empty means open mode, which is allowed only on a loopback address.
    /// Defaults to none.
    public var apiKeys: APIKeyRing
    /// When `GET /v1/sessions/{id}/resume` says a session may be resumed. Defaults to seed
    /// 002's policy (30 minutes idle, 3 errors, the lifecycle's resumable phases).
    public var resumePolicy: ResumePolicy
    /// How often the sweeper looks for idle ephemeral children, and after how long idle they
    /// are deleted. Defaults to every 60 seconds, 15 minutes idle. Without ``EphemeralChildSweeper/Configuration/apps``
    /// the sweeper looks up existing children in the API keys' apps (`default` in open mode).
    public var sweeper: EphemeralChildSweeper.Configuration
    /// How often expired sessions are deleted in the background, and the apps whose idle
    /// sessions are deleted too, with their idle times. Defaults to every 60 seconds, expired
    /// sessions only.
    public var cleanup: StaleSessionSweeper.Configuration
    /// How long an `Idempotency-Key` answer is replayed (24 hours), how long an unanswered
    /// claim blocks its key (5 minutes) and how often old records are removed (every minute).
    /// Defaults to `IdempotencyPolicy()`.
    public var idempotency: IdempotencyPolicy
    /// How often an idle event stream (`GET /v1/sessions/{id}/events`) sends a comment line, to
    /// keep the connection open through proxies and notice clients that left. Defaults to 15
    /// seconds.
    public var eventHeartbeat: Duration
    /// How long a connection may stay silent before the server closes it: a client that sends
    /// half a request and stalls, or a keep-alive connection left unused. An answer being
    /// written (an event stream, a slow model) does not count as silence. Defaults to 60
    /// seconds.
    public var idleTimeout: Duration
    /// How long a client may take to send one whole request, head and body: a client that sends
    /// a byte now and then is never silent for the idle timeout, but is cut off at this one
    /// (answered 408 when nothing was answered on its request yet). The clock runs while the
    /// server waits for the client, not while it answers an earlier request. Defaults to 60
    /// seconds.
    public var requestTimeout: Duration
    /// The origins of web apps that may call the API from a browser, such as
    /// `https://app.example.com` (scheme, host and port, as browsers send `Origin`): their
    /// preflights are answered and their answers carry CORS headers. Defaults to none.
    public var corsOrigins: [String]
    /// Whether `/` serves the inspector, the web page that shows the sessions, and from where.
    /// Defaults to the files built into the binary.
    public var inspector: InspectorFiles
    /// Whether the server makes spans through the tracer bootstrapped in `InstrumentationSystem`
    /// (swift-distributed-tracing): one per request (continuing the caller's W3C `traceparent`),
    /// with a child for each store call. The process bootstraps the tracer, such as swift-otel's
    /// OTLP exporter (`agent-sessions serve --otlp-endpoint`). Defaults to `false`.
    public var tracing: Bool

    /// Describes a server; every parameter has a default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        bodyLimit: Int = 1 << 20,
        apiKeys: APIKeyRing = APIKeyRing(),
        resumePolicy: ResumePolicy = ResumePolicy(),
        sweeper: EphemeralChildSweeper.Configuration = .init(),
        cleanup: StaleSessionSweeper.Configuration = .init(),
        idempotency: IdempotencyPolicy = IdempotencyPolicy(),
        eventHeartbeat: Duration = .seconds(15),
        idleTimeout: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(60),
        corsOrigins: [String] = [],
        inspector: InspectorFiles = .builtIn,
        tracing: Bool = false
    ) {
        self.host = host
        self.port = port
        self.bodyLimit = bodyLimit
        self.apiKeys = apiKeys
        self.resumePolicy = resumePolicy
        self.sweeper = sweeper
        self.cleanup = cleanup
        self.idempotency = idempotency
        self.eventHeartbeat = eventHeartbeat
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.corsOrigins = corsOrigins
        self.inspector = inspector
        self.tracing = tracing
    }

    /// The tracer of the server's spans: the bootstrapped one when ``tracing`` is on, else `nil`.
    package var tracer: (any Tracer)? { tracing ? InstrumentationSystem.tracer : nil }

    /// Whether the server runs without API keys.
    public var isOpen: Bool { apiKeys.isEmpty }

    /// Checks that the configuration can be served.
    /// - Throws: ``ServerConfigurationError`` for open mode on an address that is not loopback,
    ///   a port outside 0…65535, a body limit below 1, an event heartbeat, an idle timeout, a
    ///   request timeout, a sweeper interval, a clean-up interval, an idempotency window, claim
    ///   timeout or cleanup interval of zero or less, a negative idle time or error count, or a
    ///   clean-up idle time for a malformed app name.
    public func validate() throws(ServerConfigurationError) {
        guard (0...65_535).contains(port) else {
            throw ServerConfigurationError("port \(port) is outside 0…65535; give a port from 1 to 65535, or 0 for any")
        }
        guard bodyLimit > 0 else {
            throw ServerConfigurationError("the body limit must be at least 1 byte, not \(bodyLimit)")
        }
        guard eventHeartbeat > .zero else {
            throw ServerConfigurationError("the event heartbeat must be above zero")
        }
        guard idleTimeout > .zero else {
            throw ServerConfigurationError("the idle timeout of connections must be above zero")
        }
        guard requestTimeout > .zero else {
            throw ServerConfigurationError("the request timeout must be above zero")
        }
        guard sweeper.interval > .zero, sweeper.idleTime >= .zero else {
            throw ServerConfigurationError(
                "the sweeper needs an interval above zero and an idle time of zero or more"
            )
        }
        guard cleanup.interval > .zero else {
            throw ServerConfigurationError("the clean-up of expired sessions needs an interval above zero")
        }
        for (app, idleTime) in cleanup.idleTimes.sorted(by: { $0.key < $1.key }) {
            do {
                try SessionKey.validateApp(app)
            } catch {
                throw ServerConfigurationError("the clean-up idle time of app '\(app)': \(error.message)")
            }
            guard idleTime >= .zero else {
                throw ServerConfigurationError("the clean-up idle time of app '\(app)' must be zero or more")
            }
        }
        guard resumePolicy.maximumErrors >= 0, resumePolicy.maximumIdle >= .zero else {
            throw ServerConfigurationError(
                "the resume policy needs a maximum idle time and error count of zero or more"
            )
        }
        guard idempotency.window > .zero, idempotency.claimTimeout > .zero, idempotency.cleanupInterval > .zero
        else {
            throw ServerConfigurationError(
                "Idempotency-Key answers need a window, a claim timeout and a cleanup interval above zero"
            )
        }
        for origin in corsOrigins where !Self.isOrigin(origin) {
            throw ServerConfigurationError(
                "the CORS origin '\(origin)' is not an origin: give the scheme, host and optional port a browser "
                    + "sends as Origin, such as https://app.example.com or http://localhost:3000, without a path"
            )
        }
        if isOpen && !Self.isLoopback(host) {
            throw ServerConfigurationError(
                "refusing to serve \(host) without API keys: open mode is allowed only on a loopback address "
                    + "(127.0.0.1, ::1, localhost); give API keys (a keys file or AGENT_SESSIONS_API_KEYS) "
                    + "or bind 127.0.0.1"
            )
        }
    }

    /// Whether a text is an origin as browsers send it: `http://` or `https://`, a host (a name,
    /// an IPv4 address or a bracketed IPv6 one) and an optional port, nothing after.
    static func isOrigin(_ text: String) -> Bool {
        guard let rest = ["http://", "https://"].first(where: text.hasPrefix).map({ text.dropFirst($0.count) }),
            !rest.isEmpty
        else { return false }
        return rest.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"),
                UInt8(ascii: "["), UInt8(ascii: "]"):
                true
            default: false
            }
        }
    }

    /// Whether a host name or address is a loopback one: `localhost`, `127.0.0.0/8` or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part).map { _ in true } ?? false }
    }
}

public import AgentSessions
public import AsyncHTTPClient

extension HTTPSessionStore {
    /// Where the server is and how to talk to it.
    public struct Configuration: Sendable {
        /// The server's base URL, such as `http://127.0.0.1:8080` (the `/v1` routes are under it).
        public var baseURL: String
        /// The API key, sent as `Authorization: Bearer …`; `nil` for a server in open mode.
        public var apiKey: String?
        /// How long a call may take, its answer and every attempt included: a server that is
        /// down fails the call within it. Defaults to 30 seconds.
        public var timeout: Duration
        /// How many times a call that may be repeated safely (a read, or a create carrying an
        /// `Idempotency-Key`) is tried again after a connection error or a 503, with back-off
        /// (0.1 s, 0.2 s, 0.4 s, …), while the timeout leaves time. Defaults to 3.
        public var retries: Int
        /// The largest answer read, in bytes. Defaults to 256 MiB.
        public var maximumAnswerBytes: Int
        /// The HTTP client to send with; share one across stores. Defaults to
        /// ``HTTPSessionStore/sharedHTTPClient``, which never needs shutting down. A client of
        /// your own also ends a call that waits for a free connection longer than its connect
        /// timeout (10 s unless set), whatever ``timeout`` says.
        public var httpClient: HTTPClient
        /// The clock the store measures age by (in resume decisions). The server stamps times
        /// with its own clock.
        public var clock: any WallClock
        /// The lifecycles of the server's apps, used to check phases before sending and in
        /// resume decisions. Defaults to the standard lifecycle for every app.
        public var lifecycles: LifecycleCatalog

        /// Describes a server.
        /// - Parameters:
        ///   - baseURL: The server's base URL, `http://` or `https://`.
        ///   - apiKey: The API key, or `nil` for a server in open mode.
        ///   - timeout: How long a call may take, every attempt included.
        ///   - retries: How many times a repeatable call is tried again.
        ///   - maximumAnswerBytes: The largest answer read.
        ///   - httpClient: The HTTP client to send with.
        ///   - clock: The clock of resume decisions.
        ///   - lifecycles: The lifecycles of the server's apps.
        public init(
            baseURL: String,
            apiKey: String? = nil,
            timeout: Duration = .seconds(30),
            retries: Int = 3,
            maximumAnswerBytes: Int = 256 << 20,
            httpClient: HTTPClient = HTTPSessionStore.sharedHTTPClient,
            clock: any WallClock = SystemWallClock(),
            lifecycles: LifecycleCatalog = LifecycleCatalog()
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.timeout = timeout
            self.retries = retries
            self.maximumAnswerBytes = maximumAnswerBytes
            self.httpClient = httpClient
            self.clock = clock
            self.lifecycles = lifecycles
        }
    }
}

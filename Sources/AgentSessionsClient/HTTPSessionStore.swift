public import AgentSessions

/// A `SessionStore` on an `agent-sessions serve` server, over its HTTP API.
///
/// Code written against `any SessionStore` runs unchanged against a remote server:
///
/// ```swift
/// let store: any SessionStore = try HTTPSessionStore(
///     configuration: .init(baseURL: "http://127.0.0.1:8080", apiKey: "…")
/// )
/// let session = try await store.create(NewSession(agentName: "support"))
/// try await store.append([NewItem(["role": "user", "content": "My order is late"])], to: session.key)
/// ```
///
/// **Errors.** The server's errors come back as the `SessionStoreError` codes an in-process
/// store throws (404 is not found, 409 already exists or finalized, 412 a version conflict,
/// 422 an invalid argument); a server that cannot be reached, refuses the API key or answers
/// something that is not the API's JSON is `SessionStoreError/Code/unavailable`, with the
/// cause.
///
/// **Retries.** Reads, and creating calls (create, append, fork, compactions, restores), are
/// tried again after a connection error or a 503, with back-off; a creating call carries one
/// `Idempotency-Key` through its attempts, so the server stores it once. Other changes are
/// sent once. ``compact(_:_:)`` and ``context(of:_:)`` run on the server, next to the items
/// they read.
///
/// **Apps.** Each call names its session's app (`?app=`), which a server in open mode uses;
/// with an API key the server uses the key's app whatever the call names.
public final class HTTPSessionStore: SessionStore {
    /// Where the server is and how to talk to it.
    public let configuration: Configuration
    let transport: APITransport

    public var clock: any WallClock { configuration.clock }
    public var lifecycles: LifecycleCatalog { configuration.lifecycles }

    /// A store on the server the configuration names.
    /// - Throws: `SessionStoreError` (invalid argument, field `base_url`) for a URL that is
    ///   not `http://` or `https://`, a timeout that is not positive or negative retries.
    public init(configuration: Configuration) throws(SessionStoreError) {
        self.configuration = configuration
        self.transport = try APITransport(configuration: configuration)
    }
}

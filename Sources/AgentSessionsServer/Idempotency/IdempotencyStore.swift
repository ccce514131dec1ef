public import AgentSessions

/// Where the answers to requests sent with an `Idempotency-Key` header are kept, so that a
/// retried request gets the first answer and stores nothing new.
///
/// A key is scoped to one app. The server calls ``begin(_:fingerprint:now:)`` before the work,
/// then ``finish(_:response:now:)`` with a successful answer, or ``abandon(_:)`` after a failure
/// (failures are not replayed: a retry runs again).
public protocol IdempotencyStore: Sendable {
    /// Claims a key for a request, or tells how the request must be answered instead.
    /// - Parameters:
    ///   - key: The app and the client's key.
    ///   - fingerprint: A digest of the request (method, path, query, body).
    ///   - now: The current time, for the replay window.
    func begin(_ key: IdempotencyKey, fingerprint: String, now: Timestamp) async -> IdempotencyStart

    /// Records the answer of a claimed key.
    func finish(_ key: IdempotencyKey, response: StoredResponse, now: Timestamp) async

    /// Releases a claimed key without an answer, so that a retry runs again.
    func abandon(_ key: IdempotencyKey) async
}

/// An `Idempotency-Key` header value in an app.
public struct IdempotencyKey: Hashable, Sendable {
    /// The app of the request.
    public var app: String
    /// The header's value.
    public var value: String

    /// Creates a key.
    public init(app: String, value: String) {
        self.app = app
        self.value = value
    }
}

/// What to do with a request whose idempotency key was looked up.
public enum IdempotencyStart: Sendable, Hashable {
    /// The key is new (or its answer expired): do the work.
    case proceed
    /// The same request was answered before: send this answer again.
    case replay(StoredResponse)
    /// The key was used for a different request: refuse (422).
    case mismatch
    /// The same key is being answered right now by another request: refuse (409).
    case inProgress
}

/// An answer kept for replay.
public struct StoredResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The headers worth replaying (`Content-Type`, `ETag`, `Location`).
    public var headers: [String: String]
    /// The body's bytes.
    public var body: [UInt8]

    /// Creates a stored answer.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

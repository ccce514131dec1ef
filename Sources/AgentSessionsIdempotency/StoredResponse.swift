import AgentSessions

/// An answer kept for replay.
public struct StoredResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The headers worth replaying (`Content-Type`, `ETag`, `Location`).
    public var headers: [String: String]
    /// The body's bytes.
    public var body: [UInt8]

    /// Creates a stored answer.
    /// - Parameters:
    ///   - status: The HTTP status code.
    ///   - headers: The headers worth replaying, by name.
    ///   - body: The body's bytes.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

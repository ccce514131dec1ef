import AgentSessions

/// An `Idempotency-Key` header value in an app.
public struct IdempotencyKey: Hashable, Sendable, CustomStringConvertible {
    /// The app of the request.
    public var app: String
    /// The header's value.
    public var value: String

    /// Creates a key.
    /// - Parameters:
    ///   - app: The app of the request.
    ///   - value: The header's value.
    public init(app: String, value: String) {
        self.app = app
        self.value = value
    }

    /// The key as error messages name it: `Idempotency-Key 'k' in app 'a'`, control characters
    /// escaped.
    public var description: String {
        "Idempotency-Key '\(Identifier.printable(value))' in app '\(Identifier.printable(app))'"
    }
}

/// A server configuration that cannot be served, such as open mode on a public address.
public struct ServerConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates an error.
    /// - Parameter message: What is wrong and what to do about it.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A keyring or an encryption configuration that cannot be used: a malformed entry, a key of
/// the wrong size, a repeated key id.
///
/// The ``message`` names the source (a file, an environment variable) and the entry's key id
/// or line, never key material.
public struct EncryptionConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, where, and how to fix it. Safe to show and to log.
    public var message: String

    /// Creates an error.
    /// - Parameter message: What is wrong, where, and how to fix it.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A child process that could not be started, ran too long, or did not print what was awaited.
public struct ChildProcessError: Error, CustomStringConvertible {
    /// What went wrong, with which program, and why.
    public var message: String

    /// Creates an error with its message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

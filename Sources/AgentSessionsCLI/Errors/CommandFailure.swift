import AgentSessions
import AgentSessionsExport
import ArgumentParser

/// A runtime failure as `agent-sessions` reports it: a stable code, a one-line message and the
/// exit code.
///
/// Every error a command meets at run time becomes one of these, so that no stack trace or
/// driver error ever reaches the user.
struct CommandFailure: Error, Hashable {
    /// A stable snake_case code, such as `not_found` or `invalid_argument`.
    var code: String
    /// What failed and what to do about it, on one line.
    var message: String
    /// The process exit code.
    var exitCode: ExitCode

    /// Creates a failure.
    init(code: String, message: String, exitCode: ExitCode) {
        self.code = code
        self.message = Self.oneLine(message)
        self.exitCode = exitCode
    }

    /// The failure for any error: store errors keep their code and message; anything else is a
    /// general failure (exit code 1).
    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure:
            self = failure
        case let error as SessionStoreError:
            self.init(code: error.code.description, message: error.message, exitCode: error.exitCode)
        case let problem as ImportProblem:
            self.init(
                code: problem.error.code.description,
                message: problem.description,
                exitCode: problem.error.exitCode
            )
        case is CancellationError:
            self.init(code: "cancelled", message: "the command was cancelled", exitCode: .failure)
        default:
            self.init(code: "failure", message: String(describing: error), exitCode: .failure)
        }
    }

    /// The failure for input that is not what a command expects (exit code 5).
    static func invalidInput(_ message: String) -> CommandFailure {
        CommandFailure(
            code: SessionStoreError.Code.invalidArgument.description,
            message: message,
            exitCode: .invalidInput
        )
    }

    /// The error as JSON: `{"error": {"code": …, "message": …}}`.
    var jsonValue: JSONValue {
        ["error": ["code": .string(code), "message": .string(message)]]
    }

    /// The text with line breaks replaced by spaces.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

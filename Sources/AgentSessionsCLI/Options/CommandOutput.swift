import AgentSessions
import ArgumentParser

/// How a command reports: its result, and any failure as a one-line reason (on standard error,
/// or as a JSON error on standard output with `--json`) with the matching exit code.
struct CommandOutput {
    /// Whether `--json` was given.
    var json: Bool

    /// The help of `--json`, which ``GlobalOptions`` and ``SessionOptions`` both declare.
    static let jsonHelp: ArgumentHelp = "Print JSON for scripts instead of text for people."

    /// Runs a command's work, closing the stores it opened, and reports its failure, if any.
    /// - Throws: `ExitCode` after reporting a runtime failure; `ValidationError` and `ExitCode`
    ///   thrown by `body` pass through unchanged.
    func run(_ body: () async throws -> Void) async throws {
        do {
            try await OpenedStores.closing(body)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            let failure = CommandFailure(error)
            report(failure)
            throw failure.exitCode
        }
    }

    /// Writes a failure: JSON on standard output with `--json`, else a line on standard error.
    func report(_ failure: CommandFailure) {
        if json {
            Console.write(failure.jsonValue)
        } else {
            Console.writeError("agent-sessions: \(failure.code): \(failure.message)")
        }
    }

    /// Writes a result: `value` with `--json`, else the text for people. Empty text writes
    /// nothing, not even a line break.
    func emit(_ value: @autoclosure () -> JSONValue, text: () -> String) {
        let output = json ? value().prettyJSONText : text()
        if !output.isEmpty { Console.write(output) }
    }
}

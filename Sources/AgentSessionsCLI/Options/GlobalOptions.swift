import AgentSessions
import ArgumentParser

/// The options of every command: the store (`--db`, `--app`) and the output format (`--json`).
///
/// ``run(_:)`` is the frame of every command's `run()`: it turns any failure into a one-line
/// reason (on standard error, or as a JSON error on standard output with `--json`) and the
/// matching exit code.
struct GlobalOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Print JSON for scripts instead of text for people.")
    var json = false

    /// Runs a command's work and reports its failure, if any.
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

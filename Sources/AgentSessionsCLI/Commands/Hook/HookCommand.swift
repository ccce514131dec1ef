import AgentSessions
import ArgumentParser

/// `agent-sessions hook`: seed 002's agent hooks, JSON in and JSON out.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Agent hooks: read one JSON object on stdin, write one JSON object on stdout.",
        discussion: """
            Once their flags are parsed, hooks always write one line of JSON on standard output, \
            also when they fail: {"error": {"code": ..., "message": ...}} with exit code 5 for \
            malformed input, 6 when the database cannot be used. A bad flag is a usage error \
            (exit code 2) reported on standard error, like for every other command.
            """,
        subcommands: [PreDelegateCommand.self, SubagentStopCommand.self]
    )

    /// Runs a hook: reads standard input, writes the answer or the error as one line of JSON.
    /// - Throws: `ExitCode` after writing the error of a failed hook.
    static func respond(_ body: (HookInput) async throws -> JSONValue) async throws {
        do {
            let input = try HookInput(parsing: try Console.readStandardInput())
            Console.write(try await OpenedStores.closing { try await body(input) }, compact: true)
        } catch {
            let failure = CommandFailure(error)
            Console.write(failure.jsonValue, compact: true)
            throw failure.exitCode
        }
    }
}

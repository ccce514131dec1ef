import ChildProcessSupport
import Foundation
import TestEnvironments

extension ServeProcess {
    /// Starts the built `agent-sessions serve --port 0` with `arguments` and waits until it
    /// listens, in a turn of `TurnGate.commandLines` (its start parses the command line).
    /// - Parameter environment: Variables added to the test process's own.
    /// - Throws: ``ChildProcessError`` if it exits or does not listen within 60 seconds.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeProcess {
        let executable = try CLIRunner.executable.path
        return try await TurnGate.commandLines.withTurn {
            try await start(
                executable,
                arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            )
        }
    }
}

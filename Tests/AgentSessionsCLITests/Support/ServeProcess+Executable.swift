import ChildProcessSupport
import Foundation

extension ServeProcess {
    /// Starts the built `agent-sessions serve --port 0` with `arguments` and waits until it listens.
    /// - Parameter environment: Variables added to the test process's own.
    /// - Throws: ``ChildProcessError`` if it exits or does not listen within 60 seconds.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeProcess {
        try await start(
            try CLIRunner.executable.path,
            arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        )
    }
}

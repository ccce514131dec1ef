import ArgumentParser
import TestEnvironments

@testable import AgentSessionsCLI

/// Parsing a command line on a thread of its own, taking turns with the command-line work of
/// other tests (``TurnGate/commandLines``).
///
/// In a debug build ArgumentParser checks the option types at every parse, each nested option
/// group again within its parent's check, which costs this command line up to a second of CPU.
/// On Swift's cooperative pool (a thread per core, two on the CI machine) a few such parses at
/// once stopped every other test of the process, such as in-process servers, long enough for
/// their clients to time out; so the tests parse off the pool, and take turns, since a dozen
/// parse threads at once starve the pool's threads of the processors just as well.
enum OffPoolParsing {
    /// `AgentSessionsCommand.parseAsRoot(arguments)`, off the cooperative pool.
    static func parseAsRoot(_ arguments: [String]) async throws -> sending any ParsableCommand {
        try await TurnGate.commandLines.withTurn {
            try await onDedicatedThread { try AgentSessionsCommand.parseAsRoot(arguments) }
        }
    }

    /// `T.parse(arguments)`, off the cooperative pool.
    static func parse<T: ParsableArguments>(_ type: T.Type, _ arguments: [String]) async throws -> sending T {
        try await TurnGate.commandLines.withTurn { try await onDedicatedThread { try T.parse(arguments) } }
    }

    /// The options of `serve ARGUMENTS` with this environment, the configuration file read.
    /// `ServeOptions.parse` leaves out `ServeCommand.validate()`, which reads the process's
    /// environment.
    static func serveOptions(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeOptions {
        var options = try await parse(ServeOptions.self, arguments)
        options.environment = environment
        try await options.loadConfigFile()
        return options
    }
}

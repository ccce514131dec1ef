import ArgumentParser
import Foundation

/// The `agent-sessions` command: the root of every subcommand.
///
/// It parses the command line, runs the chosen command, and maps ArgumentParser's usage
/// failures to exit code 2.
@main
struct AgentSessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-sessions",
        abstract: "Serve, create, resume, inspect and clean up agent sessions and their items.",
        discussion: """
            Sessions live in a SQLite database: --db PATH, else the environment variable \
            AGENT_SESSIONS_DB, else \(StoreFactory.defaultDatabasePath) (created with its folders). \
            Every command takes --app NAME (default: default); session ids are unique within an app. \
            Commands print text for people, or JSON for scripts with --json; the hooks always read \
            and write JSON.

            agent-sessions export and agent-sessions import move sessions with all their items \
            between stores as JSON Lines, such as from SQLite to the file store: \
            agent-sessions export | agent-sessions import --store files.

            agent-sessions serve runs the HTTP API over the same store (agent-sessions serve --help); \
            it takes no --app: each request's API key (or, in open mode, the request) names its app.

            With --json, a runtime failure is printed on standard output as \
            {"error": {"code": ..., "message": ...}}; without it, as one line on standard error.

            Exit codes:
              0   success; for should-resume: the session should be resumed
              1   general failure
              2   usage error: bad or missing flag or argument, conflicting flags
              3   not found: the session (or the --parent session) does not exist
              4   conflict: id already taken, version conflict, session already finalized
              5   invalid input: bad id, JSON, phase, outcome or cursor
              6   storage unavailable or corrupted, or a database from a newer version
              10  should-resume only: the session exists but should not be resumed
            """,
        version: AgentSessionsVersion.line,
        subcommands: [
            CreateCommand.self,
            GetCommand.self,
            UpdateCommand.self,
            ShouldResumeCommand.self,
            FinalizeCommand.self,
            ListCommand.self,
            CleanupCommand.self,
            DeleteCommand.self,
            ForkCommand.self,
            StatsCommand.self,
            ExportCommand.self,
            ImportCommand.self,
            ItemsCommand.self,
            CompactCommand.self,
            CompactionsCommand.self,
            ContextCommand.self,
            TokensCommand.self,
            HookCommand.self,
            ServeCommand.self,
            VersionCommand.self,
        ]
    )

    /// Runs the command line, exiting with the documented codes.
    ///
    /// ArgumentParser reports usage errors with `EX_USAGE` (64); they exit with 2 here. Help
    /// prints the command's own flags before the shared store groups (``HelpLayout``).
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()  // async: session ids complete from the store
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .success {  // --help, help COMMAND, --version
                Console.write(HelpLayout.commandFlagsFirst(fullMessage(for: error)))
                Foundation.exit(ExitCode.success.rawValue)
            }
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            Console.writeError(fullMessage(for: error))
            Foundation.exit(ExitCode.usage.rawValue)
        }
    }
}

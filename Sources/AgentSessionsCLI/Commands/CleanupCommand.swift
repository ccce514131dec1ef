import AgentSessions
import ArgumentParser

/// `agent-sessions cleanup --hours N`: deletes idle and expired sessions.
struct CleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Delete sessions idle for longer than --hours, and expired ones.",
        discussion: """
            Deletes, in --app (or in every app with --all-apps), each session whose last activity \
            is more than --hours ago and each session past its expiry, with their items, and \
            prints how many were deleted. Younger sessions are never touched.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("The idle time in hours, such as 24 or 0.5.", valueName: "hours"))
    var hours: Double

    @Flag(help: "Clean up every app, not only --app.")
    var allApps = false

    func validate() throws {
        guard hours.isFinite, (0...1_000_000).contains(hours) else {
            throw ValidationError("--hours must be a number of hours from 0 to 1000000")
        }
    }

    mutating func run() async throws {
        try await options.run {
            let deleted = try await options.store.openStore()
                .deleteSessions(idleLongerThan: .seconds(hours * 3600), app: allApps ? nil : options.store.app)
            options.emit(["deleted": .int(Int64(deleted))]) {
                deleted == 1 ? "deleted 1 session" : "deleted \(deleted) sessions"
            }
        }
    }
}

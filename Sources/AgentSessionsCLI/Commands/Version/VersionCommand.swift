import AgentSessions
import ArgumentParser

/// `agent-sessions version`: the version, the commit and date of the sources, and SQLite's
/// version; `--json` for scripts. (`agent-sessions --version` prints the same line.)
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, the commit and date of the sources, and SQLite's version."
    )

    @Flag(help: "Print {\"version\", \"commit\", \"commit_date\", \"sqlite\"} as JSON.")
    var json = false

    func run() {
        print(json ? AgentSessionsVersion.json.jsonText : AgentSessionsVersion.line)
    }
}

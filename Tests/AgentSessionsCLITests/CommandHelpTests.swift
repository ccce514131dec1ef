import Foundation
import Testing

/// Issue 18: a command's help shows its own arguments and flags first, then the titled store
/// and encryption groups every store command shares; `get --help` fits a screen.
@Suite(.timeLimit(.minutes(10))) struct CommandHelpTests {
    /// The section titles of a help text, in order.
    private static func sections(of help: String) -> [String] {
        help.split(separator: "\n").map(String.init).filter { line in
            line.hasSuffix(":") && line.dropLast().allSatisfy { $0.isUppercase || $0 == " " }
        }
    }

    @Test(arguments: [["get", "--help"], ["help", "get"]])
    func getShowsItsOwnFlagsFirstAndFitsAScreen(arguments: [String]) async throws {
        let help = try await CLIRunner.run(arguments, environment: ["COLUMNS": "100"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(Self.sections(of: help.stdout) == ["ARGUMENTS:", "OPTIONS:", "STORE:", "ENCRYPTION AT REST:"])
        let json = try #require(help.stdout.range(of: "--json"))
        let storeFlag = try #require(help.stdout.range(of: "  --store <store>"))
        #expect(json.lowerBound < storeFlag.lowerBound, "get's --json comes before the store flags")
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 40, "get --help is \(lines) lines at 100 columns:\n\(help.stdout)")
    }

    @Test func listAndShouldResumeShowTheirOwnGroupsBeforeTheSharedOnes() async throws {
        let list = try await CLIRunner.run(["list", "--help"])
        #expect(list.status == 0)
        #expect(Self.sections(of: list.stdout) == ["OPTIONS:", "STORE:", "ENCRYPTION AT REST:"])
        let activeOnly = try #require(list.stdout.range(of: "--active-only"))
        let store = try #require(list.stdout.range(of: "STORE:"))
        #expect(activeOnly.lowerBound < store.lowerBound)

        let resume = try await CLIRunner.run(["should-resume", "--help"])
        #expect(
            Self.sections(of: resume.stdout) == [
                "ARGUMENTS:", "RESUME POLICY:", "OPTIONS:", "STORE:", "ENCRYPTION AT REST:",
            ]
        )
    }

    @Test func theRootHelpAndTheVersionAreUnchangedInSubstance() async throws {
        let root = try await CLIRunner.run(["--help"])
        #expect(root.status == 0)
        #expect(Self.sections(of: root.stdout).contains("SUBCOMMANDS:"))
        #expect(root.stdout.contains("Exit codes:"))
        let version = try await CLIRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("agent-sessions "))
    }
}

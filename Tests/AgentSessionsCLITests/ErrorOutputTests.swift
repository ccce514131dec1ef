import AgentSessions
import Foundation
import Testing

/// How failures are reported: exit codes, one-line reasons, JSON errors.
struct ErrorOutputTests {
    @Test func notFoundIsExitThreeWithAOneLineReason() async throws {
        let cli = try CLIRunner()
        let text = try await cli.run("get", "missing")
        #expect(text.status == 3)
        #expect(text.stdout.isEmpty)
        #expect(text.stderr.hasPrefix("agent-sessions: not_found: session 'missing' does not exist"))
        #expect(text.stderr.split(separator: "\n").count == 1)

        let json = try await cli.run("get", "missing", "--json")
        #expect(json.status == 3)
        #expect(json.stderr.isEmpty)
        let error = try #require(try json.object()["error"]?.objectValue)
        #expect(error["code"] == "not_found")
        #expect(error["message"]?.stringValue?.contains("missing") == true)
    }

    @Test func takenIDIsAConflict() async throws {
        let cli = try CLIRunner()
        #expect(try await cli.run("create", "--id", "s-1").status == 0)
        let again = try await cli.run("create", "--id", "s-1", "--json")
        #expect(again.status == 4)
        #expect(try again.object()["error"]?.objectValue?["code"] == "already_exists")
        #expect(try await cli.run("create", "--parent", "nobody").status == 3)
    }

    @Test func malformedValuesAreInvalidInput() async throws {
        let cli = try CLIRunner()
        let badID = try await cli.run("get", "has space", "--json")
        #expect(badID.status == 5)
        #expect(try badID.object()["error"]?.objectValue?["code"] == "invalid_argument")
        #expect(try await cli.run("get", "..").status == 5)
        #expect(try await cli.run("create", "--id", " padded").status == 5)
        #expect(try await cli.run("create", "--metadata", "{\"a\":").status == 5)
        #expect(try await cli.run("create", "--state", "3").status == 5)
        #expect(try await cli.run("create", "--phase", "nowhere").status == 5)
        #expect(try await cli.run("create", "--phase", "completed").status == 5)
        #expect(try await cli.run("list", "--json").object() == ["sessions": [], "next_cursor": .null])
    }

    @Test func usageErrorsExitTwo() async throws {
        let cli = try CLIRunner()
        let conflicting = try await cli.run("list", "--active-only", "--finalized")
        #expect(conflicting.status == 2)
        #expect(conflicting.stderr.contains("give --active-only or --finalized, not both"))
        #expect(try await cli.run("update", "s-1").status == 2)
        #expect(try await cli.run("items", "list", "s-1", "--limit", "many").status == 2)
        #expect(try await cli.run("frobnicate").status == 2)
        let help = try await CLIRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes:"))
    }

    @Test func unusableDatabaseIsAStorageError() async throws {
        let cli = try CLIRunner()
        let blocker = cli.directory.appendingPathComponent("file")
        try Data("not a folder".utf8).write(to: blocker)
        let result = try await CLIRunner.run(["list", "--db", blocker.path + "/sessions.sqlite"])
        #expect(result.status == 6, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("agent-sessions: "))
        #expect(!result.stderr.contains("Fatal error"))

        let garbage = cli.directory.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: garbage)
        let corrupted = try await CLIRunner.run(["list", "--db", garbage.path, "--json"])
        #expect(corrupted.status == 6)
        #expect(try corrupted.object()["error"] != nil)
    }
}

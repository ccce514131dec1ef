import AgentSessions
import ArgumentParser
import Testing

@testable import AgentSessionsCLI

/// Parsing and validation of the command line, without running a process.
struct CommandParsingTests {
    /// Parses a command line that must give a command of type `T`.
    private func parse<T: ParsableCommand>(_ type: T.Type, _ arguments: [String]) async throws -> T {
        try #require(try await OffPoolParsing.parseAsRoot(arguments) as? T)
    }

    /// Expects a command line to fail parsing or validation as a usage error.
    private func expectUsageError(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            let command = try await OffPoolParsing.parseAsRoot(arguments)
            Issue.record("parsed \(arguments) as \(type(of: command))", sourceLocation: sourceLocation)
        } catch {
            #expect(
                AgentSessionsCommand.exitCode(for: error) == .validationFailure,
                "\(arguments): \(error)",
                sourceLocation: sourceLocation
            )
        }
    }

    @Test func createParsesEveryFlag() async throws {
        let command = try await parse(
            CreateCommand.self,
            [
                "create", "--id", "s-1", "--app", "ops", "--user", "ana", "--agent", "terraform",
                "--parent", "root", "--ephemeral", "--phase", "planning", "--metadata", #"{"a":1}"#,
                "--state", #"{"b":2}"#, "--resume-ready", "--db", "/tmp/x.sqlite", "--json",
            ]
        )
        #expect(command.id == "s-1")
        #expect(command.options.store.app == "ops")
        #expect(command.options.store.db == "/tmp/x.sqlite")
        #expect(command.options.json)
        #expect(command.user == "ana")
        #expect(command.agent == "terraform")
        #expect(command.parent == "root")
        #expect(command.ephemeral)
        #expect(command.phase == "planning")
        #expect(command.metadata == #"{"a":1}"#)
        #expect(command.state == #"{"b":2}"#)
        #expect(command.resumeReady)
    }

    @Test func createDefaults() async throws {
        let command = try await parse(CreateCommand.self, ["create"])
        #expect(command.id == nil)
        #expect(command.options.store.app == "default")
        #expect(command.options.store.db == nil)
        #expect(!command.options.json)
        #expect(!command.ephemeral)
        #expect(!command.resumeReady)
    }

    @Test func globalOptionsAreValidated() async {
        await expectUsageError(["get", "s-1", "--app", "bad app"])
        await expectUsageError(["get", "s-1", "--app", ""])
        await expectUsageError(["list", "--db", ""])
        await expectUsageError(["get"])
        await expectUsageError(["no-such-command"])
    }

    @Test func updateParsesItsFlags() async throws {
        let command = try await parse(
            UpdateCommand.self,
            [
                "update", "s-1", "--phase", "approval", "--metadata", "{}", "--state", "{}", "--error", "boom",
                "--no-resume-ready", "--expected-version", "7",
            ]
        )
        #expect(command.options.id == "s-1")
        #expect(command.phase == "approval")
        #expect(command.error == "boom")
        #expect(command.resumeReady == false)
        #expect(command.expectedVersion == 7)
        await #expect(try parse(UpdateCommand.self, ["update", "s-1", "--resume-ready"]).resumeReady == true)
    }

    @Test func updateRejectsBadFlags() async {
        await expectUsageError(["update", "s-1"])
        await expectUsageError(["update", "s-1", "--resume-ready", "--no-resume-ready"])
        await expectUsageError(["update", "s-1", "--phase", "approval", "--expected-version", "0"])
        await expectUsageError(["update", "s-1", "--phase", "approval", "--expected-version", "two"])
    }

    @Test func listValidatesFilters() async throws {
        let command = try await parse(ListCommand.self, ["list", "--finalized", "--agent", "a", "--limit", "5"])
        #expect(command.finalized)
        #expect(command.limit == 5)
        await expectUsageError(["list", "--active-only", "--finalized"])
        await expectUsageError(["list", "--limit", "-1"])
    }

    @Test func cleanupNeedsNonNegativeHours() async throws {
        await #expect(try parse(CleanupCommand.self, ["cleanup", "--hours", "0.5"]).hours == 0.5)
        await expectUsageError(["cleanup"])
        await expectUsageError(["cleanup", "--hours", "-1"])
        await expectUsageError(["cleanup", "--hours", "nan"])
        await expectUsageError(["cleanup", "--hours", "3000000000"])
        await expectUsageError(["cleanup", "--hours", "1e300"])
    }

    @Test func finalizeTakesIDOutcomeAndSummary() async throws {
        let command = try await parse(FinalizeCommand.self, ["finalize", "s-1", "completed", "--summary", "done"])
        #expect(command.options.id == "s-1")
        #expect(command.outcome == "completed")
        #expect(command.summary == "done")
        await expectUsageError(["finalize", "s-1"])
    }

    @Test func forkTakesThroughAndAs() async throws {
        let command = try await parse(ForkCommand.self, ["fork", "s-1", "--through", "3", "--as", "s-2"])
        #expect(command.through == 3)
        #expect(command.newID == "s-2")
        await expectUsageError(["fork", "s-1", "--through", "-1"])
    }

    @Test func itemsAppendValidatesItems() async throws {
        let command = try await parse(ItemsAppendCommand.self, ["items", "append", "s-1", "{}", "{\"a\":1}"])
        #expect(command.items == ["{}", "{\"a\":1}"])
        await #expect(try parse(ItemsAppendCommand.self, ["items", "append", "s-1", "-"]).items == ["-"])
        await #expect(
            try parse(ItemsAppendCommand.self, ["items", "append", "s-1", "{}", "--item-id", "m1"]).itemID == "m1"
        )
        await expectUsageError(["items", "append", "s-1"])
        await expectUsageError(["items", "append", "s-1", "-", "{}"])
        await expectUsageError(["items", "append", "s-1", "{}", "{}", "--item-id", "m1"])
        await expectUsageError(["items", "append", "s-1", "-", "--item-id", "m1"])
    }

    @Test func itemsListValidatesPaging() async throws {
        let command = try await parse(ItemsListCommand.self, ["items", "list", "s-1", "--limit", "2", "--after", "4"])
        #expect(command.limit == 2)
        #expect(command.after == 4)
        await expectUsageError(["items", "list", "s-1", "--limit", "-1"])
        await expectUsageError(["items", "list", "s-1", "--after", "-1"])
    }

    @Test func resumePolicyFlagsBuildThePolicy() async throws {
        let command = try await parse(
            ShouldResumeCommand.self,
            [
                "should-resume", "s-1", "--max-idle-minutes", "5", "--max-errors", "1", "--resumable-phases",
                "approval, executing",
            ]
        )
        #expect(command.policy.policy.maximumIdle == .seconds(300))
        #expect(command.policy.policy.maximumErrors == 1)
        #expect(command.policy.policy.resumablePhases == [.approval, .executing])
        let defaults = try await parse(ShouldResumeCommand.self, ["should-resume", "s-1"]).policy.policy
        #expect(defaults == ResumePolicy())
        await expectUsageError(["should-resume", "s-1", "--max-idle-minutes", "-1"])
        await expectUsageError(["should-resume", "s-1", "--max-idle-minutes", "1e30"])
        await expectUsageError(["should-resume", "s-1", "--max-errors", "-1"])
        await expectUsageError(["should-resume", "s-1", "--resumable-phases", "approval,,planning"])
        await expectUsageError(["should-resume", "s-1", "--resumable-phases", ""])
    }

    @Test func hooksTakeStoreAndPolicyOptions() async throws {
        let command = try await parse(
            PreDelegateCommand.self,
            ["hook", "pre-delegate", "--app", "ops", "--max-errors", "5"]
        )
        #expect(command.store.app == "ops")
        #expect(command.policy.maxErrors == 5)
        _ = try await parse(SubagentStopCommand.self, ["hook", "subagent-stop", "--db", "/tmp/x.sqlite"])
        await expectUsageError(["hook", "subagent-stop", "--json"])
    }

    @Test func storeErrorsMapToDocumentedExitCodes() {
        let cases: [(SessionStoreError.Code, Int32)] = [
            (.notFound, 3), (.alreadyExists, 4), (.versionConflict, 4), (.finalized, 4), (.invalidArgument, 5),
            (.unavailable, 6), (.corrupted, 6), (.incompatibleSchema, 6),
        ]
        for (code, exitCode) in cases {
            #expect(SessionStoreError(code, "x").exitCode.rawValue == exitCode, "\(code)")
        }
    }
}

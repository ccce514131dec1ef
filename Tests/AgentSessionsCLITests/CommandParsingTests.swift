import ArgumentParser
import Testing

@testable import AgentSessionsCLI

/// Parsing and validation of the command line, without running a process.
struct CommandParsingTests {
    @Test func createParsesEveryFlag() throws {
        let command = try #require(
            try AgentSessionsCommand.parseAsRoot([
                "create", "--id", "s-1", "--app", "ops", "--user", "ana", "--agent", "terraform",
                "--parent", "root", "--ephemeral", "--phase", "planning", "--metadata", #"{"a":1}"#,
                "--state", #"{"b":2}"#, "--resume-ready", "--db", "/tmp/x.sqlite", "--json",
            ]) as? CreateCommand
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
}

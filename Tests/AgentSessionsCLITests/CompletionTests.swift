import Foundation
import Testing

/// Shell completion: the scripts, and session ids completed from the store the line names, as
/// the shell asks for them (swift-argument-parser's `---completion` call).
struct CompletionTests {
    @Test func sessionIDsCompleteFromTheStoreTheLineNames() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "alpha-1")
        _ = try await cli.run("create", "--id", "alpha-2")
        _ = try await cli.run("create", "--id", "beta-1")
        func complete(_ typed: String, database: String) async throws -> [String] {
            let words = ["agent-sessions", "get", "--db", database, typed]
            let answer = try await CLIRunner.run(
                ["---completion", "get", "--", "positional@0", "4", "\(typed.count)"] + words
            )
            #expect(answer.status == 0, "\(answer.stderr)")
            return answer.stdout.split(separator: "\n").map(String.init).sorted()
        }
        #expect(try await complete("al", database: cli.databasePath) == ["alpha-1", "alpha-2"])
        #expect(try await complete("", database: cli.databasePath) == ["alpha-1", "alpha-2", "beta-1"])
        let missing = cli.databasePath + ".missing"
        #expect(try await complete("a", database: missing) == [])
        #expect(!FileManager.default.fileExists(atPath: missing), "completing creates no store")
    }

    @Test func theScriptsOfEachShellCompleteSessionIDs() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try await CLIRunner.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("---completion get"), "\(shell)")
        }
    }
}

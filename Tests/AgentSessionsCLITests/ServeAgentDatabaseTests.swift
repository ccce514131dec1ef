import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import Testing

/// An agent with a `database_path` of its own keeps its conversations in that SQLite file, and
/// `serve --encrypt-app` seals them there as it does in the server's store.
@Suite(.timeLimit(.minutes(10))) struct ServeAgentDatabaseTests {
    @Test func anEncryptedAppsConversationIsSealedInTheAgentsOwnDatabase() async throws {
        let folder = try CLIRunner()
        let agentsFile = folder.directory.appendingPathComponent("agents.yaml").path
        try "agents:\n  keeper:\n    session_memory: {type: sqlite, database_path: keeper.sqlite}\n"
            .write(toFile: agentsFile, atomically: true, encoding: .utf8)
        let keys = ["AGENT_SESSIONS_ENCRYPTION_KEYS": EncryptionCommandsTests.entry("k1", fill: 1)]
        let server = try await ServeProcess.start(
            ["--db", folder.databasePath, "--agents", agentsFile, "--encrypt-app", "default"],
            environment: keys
        )
        let marker = EncryptionCommandsTests.marker
        _ = try await ChatTurn.send(port: server.port, session: "vault-chat", "My code is \(marker)")
        let next = try await ChatTurn.send(port: server.port, session: "vault-chat", "What is my code?")
        #expect(
            next.response.contains("it began with \"My code is \(marker)\""),
            "the agent reads its history back through the encryption: \(next.response)"
        )
        #expect(try await server.terminate() == 0)

        let database = folder.directory.appendingPathComponent("keeper.sqlite").path
        let bytes = try [database, database + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }
            .reduce(into: Data()) { $0 += try Data(contentsOf: URL(fileURLWithPath: $1)) }
        #expect(bytes.range(of: Data("vault-chat".utf8)) != nil, "the conversation is in the agent's database")
        #expect(bytes.range(of: Data(marker.utf8)) == nil, "no message of the encrypted app is in the clear")
    }
}

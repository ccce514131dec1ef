import AgentSessions
import ChildProcessSupport
import HTTPTestSupport
import NIOHTTP1
import Testing

/// Issue 3: a conversation held by a spawned `agent-sessions serve` continues, with its whole
/// history, after the process is killed and a new one starts on the same database.
@Suite(.timeLimit(.minutes(10))) struct ServeRestartChatTests {
    @Test func aConversationContinuesAfterTheServerIsKilled() async throws {
        let folder = try CLIRunner()
        let arguments = ["--db", folder.databasePath]
        let first = try await ServeProcess.start(arguments)
        let opening = try await ChatTurn.send(port: first.port, session: "conversation", "My name is Ada")
        #expect(opening.status["conversation_length"] == 2)
        #expect(opening.response.contains("start of our conversation"))
        _ = try await ChatTurn.send(port: first.port, session: "conversation", "I like compilers")
        try await first.kill()

        let second = try await ServeProcess.start(arguments)
        let resumed = try await ChatTurn.send(port: second.port, session: "conversation", "What is my name?")
        #expect(resumed.status["conversation_length"] == 6, "both earlier turns and this one are stored")
        #expect(
            resumed.response.contains(
                #"I remember 4 earlier messages of this conversation; it began with "My name is Ada""#
            ),
            "the new process rebuilt the agent from the store: \(resumed.response)"
        )
        #expect(resumed.status["history_loaded"] == true)
        #expect(try await second.terminate() == 0)
    }
}

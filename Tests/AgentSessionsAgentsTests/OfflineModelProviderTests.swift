import AgentSessionsAgents
import Logging
import Testing

/// The offline demo shows what the agent remembers, deterministically.
struct OfflineModelProviderTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func theFirstTurnRemembersNothing() async throws {
        let request = ModelRequest(model: ModelSettings(), instructions: "", history: [], message: "My name is John")
        let reply = try await OfflineModelProvider().reply(to: request, logger: logger)
        #expect(
            reply
                == "[offline demo] You said \"My name is John\". This is the start of our conversation: "
                + "I remember no earlier messages."
        )
    }

    @Test func laterTurnsCountTheHistoryAndQuoteItsStart() async throws {
        let history = [ChatMessage(.user, "My name is John"), ChatMessage(.assistant, "Noted")]
        let request = ModelRequest(model: ModelSettings(), instructions: "", history: history, message: "Who am I?")
        let reply = try await OfflineModelProvider().reply(to: request, logger: logger)
        #expect(reply.contains("You said \"Who am I?\""))
        #expect(reply.contains("I remember 2 earlier messages of this conversation"))
        #expect(reply.contains("it began with \"My name is John\""))
        #expect(try await OfflineModelProvider().reply(to: request, logger: logger) == reply)
    }
}

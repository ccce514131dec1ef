import AgentSessions
import ArgumentParser

/// `agent-sessions hook subagent-stop`: finalize the session of an agent that stopped.
struct SubagentStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subagent-stop",
        abstract: "When an agent stops: finalize its session as completed or failed.",
        discussion: """
            Input: {"agent_id": ..., "exit_code": ..., "summary": ... (optional), "error": ... \
            (optional)}; other fields are ignored. exit_code 0 (or none) finalizes the session as \
            completed, any other as failed and records the error. The answer is \
            {"finalized": true, "agent_id", "outcome", "summary", "duration_seconds", \
            "exit_code"}.
            When there is nothing to finalize the answer is {"finalized": false, "agent_id", \
            "reason", "message"} with reason no_agent_id, not_found or already_finalized, and the \
            exit code is still 0, so a stopping agent is never held up.
            """
    )

    @OptionGroup(title: StoreOptions.storeTitle) var selection: StoreSelection

    @OptionGroup(title: StoreOptions.encryptionTitle) var encryption: EncryptionOptions

    /// The store and app the command line selects.
    var store: StoreOptions { StoreOptions(selection: selection, encryption: encryption) }

    func validate() throws { try store.validate() }

    mutating func run() async throws {
        try await HookCommand.respond { input in
            try await SubagentStopHook(store: try store.openStore(), app: store.app).run(input)
        }
    }
}

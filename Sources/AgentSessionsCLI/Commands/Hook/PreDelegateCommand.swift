import AgentSessions
import ArgumentParser

/// `agent-sessions hook pre-delegate`: resume the agent's session or start a new one.
struct PreDelegateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-delegate",
        abstract: "Before delegating a task: resume the agent's session, or create a new one.",
        discussion: """
            Input: {"agent_name": ..., "task_id": ..., "agent_id": ... (optional), \
            "task_description": ..., "metadata": {...}}.
            When agent_id names a session that passes the resume policy, the resume is recorded \
            and the answer is {"should_resume": true, "reason": "session_resumable", "agent_id": \
            ..., "resume_metadata": {"previous_phase", "created_at", "history", \
            "session_metadata"}, "original_context": <the input>}.
            Otherwise a new session is created for agent_name, with the input's metadata plus \
            task_id, task_description and previous_agent_id, and the answer has \
            "should_resume": false, the reason (no_agent_id, not_found, finalized, \
            not_resume_ready, phase_not_resumable, too_many_errors, idle_too_long), the new \
            session's "agent_id" and "resume_metadata": null. Exits with 0 in both cases.
            """
    )

    @OptionGroup(title: StoreOptions.storeTitle) var selection: StoreSelection

    @OptionGroup(title: StoreOptions.encryptionTitle) var encryption: EncryptionOptions

    /// The store and app the command line selects.
    var store: StoreOptions { StoreOptions(selection: selection, encryption: encryption) }

    @OptionGroup(title: "Resume policy") var policy: ResumePolicyOptions

    func validate() throws { try store.validate() }

    mutating func run() async throws {
        try await HookCommand.respond { input in
            let hook = PreDelegateHook(store: try store.openStore(), app: store.app, policy: policy.policy)
            return try await hook.run(input)
        }
    }
}

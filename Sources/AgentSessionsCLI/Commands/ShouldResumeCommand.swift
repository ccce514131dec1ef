import AgentSessions
import ArgumentParser

/// `agent-sessions should-resume ID`: decides whether a session may be resumed.
struct ShouldResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "should-resume",
        abstract: "Decide whether a session should be resumed, and say why.",
        discussion: """
            The checks run in this order and the first that fails is the reason: not_found, \
            finalized, not_resume_ready, phase_not_resumable, too_many_errors, idle_too_long; when \
            all pass the reason is session_resumable. The decision only reads the session.
            Exits with 0 when the session should be resumed, 10 when it exists but should not, \
            and 3 when it does not exist, so `if agent-sessions should-resume ID; then …` works. \
            The reason is printed in every case.
            """
    )

    @OptionGroup var options: SessionOptions

    @OptionGroup(title: "Resume policy") var policy: ResumePolicyOptions

    mutating func run() async throws {
        var exitCode = ExitCode.success
        try await options.run { store, key in
            try policy.policy.validate(against: store.lifecycles.lifecycle(for: key.app))
            let decision = try await store.resumeDecision(for: key, policy: policy.policy)
            options.emit(decision.jsonValue(for: key)) {
                decision.shouldResume ? "resume: \(decision.reason)" : "do not resume: \(decision.reason)"
            }
            if !decision.shouldResume { exitCode = decision.reason == .notFound ? .notFound : .doNotResume }
        }
        if exitCode != .success { throw exitCode }
    }
}

import AgentSessions
import ArgumentParser

/// `agent-sessions finalize ID OUTCOME`: ends a session with an outcome and a summary.
struct FinalizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "End a session with an outcome (completed, failed or abandoned) and a summary.",
        discussion: """
            The phase becomes the outcome, finalized_at and the duration are set, and the session \
            is no longer resume ready. A session is finalized once.
            Exits with 3 if the session does not exist, 4 if it is already finalized, 5 if the \
            outcome is not one of the lifecycle's final phases.
            """
    )

    @OptionGroup var options: SessionOptions

    @Argument(help: "The outcome: completed, failed or abandoned (the lifecycle's final phases).")
    var outcome: String

    @Option(help: ArgumentHelp("What happened, for people.", valueName: "text"))
    var summary: String?

    mutating func run() async throws {
        try await options.run { store, key in
            let session = try await store.finalize(key, outcome: Phase(outcome), summary: summary)
            options.emit(session.jsonValue) { session.summaryLine }
        }
    }
}

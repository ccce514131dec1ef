import AgentSessions
import ArgumentParser

/// `agent-sessions update ID`: changes a session's phase, metadata, state, resume flag or errors.
struct UpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a session: phase, metadata, state, resume-ready flag, or record an error.",
        discussion: """
            All the changes given are applied together or not at all. --metadata is merged into \
            the metadata and --state into the state, key by key; a key set to null is removed. \
            Moving to a final phase (completed, failed, abandoned) finalizes the session; prefer \
            finalize, which also takes a summary.
            Exits with 3 if the session does not exist, 4 if --expected-version is stale or the \
            session is finalized, 5 for an unknown phase or bad JSON.
            """
    )

    @OptionGroup var options: SessionOptions

    @Option(help: ArgumentHelp("Move to this phase; the move is recorded in the history.", valueName: "phase"))
    var phase: String?

    @Option(help: ArgumentHelp("Metadata to merge, a JSON object; null removes a key.", valueName: "json"))
    var metadata: String?

    @Option(help: ArgumentHelp("State delta, a JSON object; null removes a key.", valueName: "json"))
    var state: String?

    @Option(help: ArgumentHelp("Record an error: the error count goes up by one.", valueName: "message"))
    var error: String?

    @Flag(
        inversion: .prefixedNo,
        exclusivity: .exclusive,
        help: "Mark the session ready, or not ready, to be resumed."
    )
    var resumeReady: Bool?

    @Option(help: ArgumentHelp("Apply only if the session is still at this version.", valueName: "n"))
    var expectedVersion: Int64?

    func validate() throws {
        guard phase != nil || metadata != nil || state != nil || error != nil || resumeReady != nil else {
            throw ValidationError(
                "nothing to update: give --phase, --metadata, --state, --error, --resume-ready or --no-resume-ready"
            )
        }
        if let expectedVersion, expectedVersion < 1 {
            throw ValidationError("--expected-version must be 1 or more, not \(expectedVersion)")
        }
    }

    mutating func run() async throws {
        try await options.run { store, key in
            let update = SessionUpdate(
                phase: phase.map { Phase($0) },
                metadata: try metadata.map { try JSONObject(parsingObject: $0, field: "metadata") },
                state: try state.map { try JSONObject(parsingObject: $0, field: "state") },
                isResumeReady: resumeReady,
                error: error
            )
            let session = try await store.update(key, update, expectedVersion: expectedVersion)
            options.emit(session.jsonValue) { session.summaryLine }
        }
    }
}

import AgentSessions
import ArgumentParser

/// `agent-sessions update ID`: changes a session's phase, metadata, state, resume flag or errors.
struct UpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a session: phase, metadata, state, title, tags, resume-ready flag, or record an error.",
        discussion: """
            All the changes given are applied together or not at all. --metadata is merged into \
            the metadata and --state into the state, key by key; a key set to null is removed. \
            Moving to a final phase (completed, failed, abandoned) finalizes the session; prefer \
            finalize, which also takes a summary.
            Exits with 3 if the session does not exist, 4 if --expected-version is stale or the \
            session is finalized, 5 for an unknown phase, bad JSON, title or tag.
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

    @Option(help: ArgumentHelp("Set the title; an empty one removes it.", valueName: "text"))
    var title: String?

    @Option(
        help: ArgumentHelp(
            "Replace the tags with these, separated by commas; empty removes them all.",
            valueName: "tags"
        )
    )
    var tags: String?

    @Flag(
        inversion: .prefixedNo,
        exclusivity: .exclusive,
        help: "Mark the session ready, or not ready, to be resumed."
    )
    var resumeReady: Bool?

    @Option(help: ArgumentHelp("Apply only if the session is still at this version.", valueName: "n"))
    var expectedVersion: Int64?

    func validate() throws {
        guard
            phase != nil || metadata != nil || state != nil || error != nil || resumeReady != nil || title != nil
                || tags != nil
        else {
            throw ValidationError(
                "nothing to update: give --phase, --metadata, --state, --error, --title, --tags, --resume-ready "
                    + "or --no-resume-ready"
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
                error: error,
                title: title,
                tags: tags.map(TagList.parse)
            )
            let session = try await store.update(key, update, expectedVersion: expectedVersion)
            options.emit(session.jsonValue) { session.summaryLine }
        }
    }
}

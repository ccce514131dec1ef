import AgentSessions
import ArgumentParser

/// `agent-sessions create`: creates a session and prints its id.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a session and print its id.",
        discussion: """
            Without --id, an id is generated (the agent name, if any, followed by a random UUID) \
            and printed. The session starts in the lifecycle's initial phase (initializing) unless \
            --phase names another non-final phase. With --json, the whole session is printed.
            Exits with 4 if the id is taken, 3 if --parent does not exist, 5 for a bad id, \
            JSON, phase, title or tag.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("The session id; generated when omitted.", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("The user the session belongs to.", valueName: "user-id"))
    var user: String = ""

    @Option(help: ArgumentHelp("The agent that runs the session.", valueName: "name"))
    var agent: String = ""

    @Option(help: ArgumentHelp("The parent session, in the same app; it must exist.", valueName: "id"))
    var parent: String?

    @Flag(help: "Make a short-lived child session (kind ephemeral) instead of a persistent one.")
    var ephemeral = false

    @Option(help: ArgumentHelp("The starting phase. Defaults to the lifecycle's initial phase.", valueName: "phase"))
    var phase: String?

    @Option(help: ArgumentHelp("Initial metadata, a JSON object.", valueName: "json"))
    var metadata: String?

    @Option(help: ArgumentHelp("Initial state, a JSON object; app: and user: keys are shared.", valueName: "json"))
    var state: String?

    @Option(help: ArgumentHelp("A title for people, one line.", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("Tags, separated by commas.", valueName: "tags"))
    var tags: String?

    @Flag(help: "Mark the session ready to be resumed.")
    var resumeReady = false

    mutating func run() async throws {
        try await options.run {
            let new = NewSession(
                id: try id.map { try SessionID($0) },
                app: options.store.app,
                userID: user,
                agentName: agent,
                parentID: try parent.map { try SessionID($0) },
                kind: ephemeral ? .ephemeral : .persistent,
                phase: phase.map { Phase($0) },
                isResumeReady: resumeReady,
                state: try state.map { try JSONObject(parsingObject: $0, field: "state") } ?? [:],
                metadata: try metadata.map { try JSONObject(parsingObject: $0, field: "metadata") } ?? [:],
                title: title,
                tags: tags.map(TagList.parse) ?? []
            )
            let session = try await options.store.openStore().create(new)
            options.emit(session.jsonValue) { session.id.rawValue }
        }
    }
}

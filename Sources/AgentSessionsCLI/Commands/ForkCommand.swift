import AgentSessions
import ArgumentParser

/// `agent-sessions fork ID`: copies a session and its items into a new session.
struct ForkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fork",
        abstract: "Copy a session and its items, up to a sequence number, into a new session.",
        discussion: """
            The copy keeps the app, user, agent, state and metadata (plus forked_from: {id, \
            sequence}), starts in the initial phase, and keeps the copied items' sequence numbers; \
            the original is untouched. Prints the new id.
            Exits with 3 if the session does not exist, 4 if --as is taken, 5 if --through is past \
            the last item or an id is malformed.
            """
    )

    @OptionGroup var options: SessionOptions

    @Option(help: ArgumentHelp("The last item to copy (inclusive). Defaults to every item.", valueName: "seq"))
    var through: Int64?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("The new session's id; generated when omitted.", valueName: "id")
    )
    var newID: String?

    func validate() throws {
        if let through, through < 0 { throw ValidationError("--through must be 0 or more, not \(through)") }
    }

    mutating func run() async throws {
        try await options.run { store, key in
            let newID = try newID.map { try SessionID($0) }
            let fork = try await store.fork(key, through: through, as: newID)
            options.emit(fork.jsonValue) { fork.id.rawValue }
        }
    }
}

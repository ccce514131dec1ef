import AgentSessions
import ArgumentParser

/// `agent-sessions get ID`: prints a session.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a session.",
        discussion: """
            Prints every field and the phase history; the state includes the app's app: keys and \
            the user's user: keys. Exits with 3 if the session does not exist.
            """
    )

    @OptionGroup var options: SessionOptions

    mutating func run() async throws {
        try await options.run { store, key in
            let session = try await store.requireSession(key)
            options.emit(session.jsonValue) { session.detailText }
        }
    }
}

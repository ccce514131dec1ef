import AgentSessions
import ArgumentParser

/// `agent-sessions items clear ID`: removes every item of a session.
struct ItemsClearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Remove every item of a session.",
        discussion: "Prints how many items were removed. Sequence numbers are not reused afterwards."
    )

    @OptionGroup var options: SessionOptions

    mutating func run() async throws {
        try await options.run { store, key in
            let removed = try await store.clearItems(of: key)
            options.emit(["removed": .int(Int64(removed))]) {
                removed == 1 ? "removed 1 item" : "removed \(removed) items"
            }
        }
    }
}

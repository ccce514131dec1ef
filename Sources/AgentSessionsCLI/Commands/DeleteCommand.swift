import AgentSessions
import ArgumentParser

/// `agent-sessions delete ID`: deletes a session, its items and its child sessions.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a session with its items and its child sessions.",
        discussion: "Prints how many sessions were deleted. Exits with 3 if the session does not exist."
    )

    @OptionGroup var options: SessionOptions

    mutating func run() async throws {
        try await options.run { store, key in
            let deleted = try await store.delete(key)
            options.emit(["id": .string(key.id.rawValue), "deleted": .int(Int64(deleted))]) {
                deleted == 1 ? "deleted \(key.id)" : "deleted \(key.id) and \(deleted - 1) child sessions"
            }
        }
    }
}

import AgentSessions
import ArgumentParser

/// `agent-sessions items pop ID`: removes and prints a session's last item.
struct ItemsPopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pop",
        abstract: "Remove a session's last item and print it.",
        discussion: """
            Prints the item's JSON text, or nothing when the session has no items (with --json: \
            {"item": {seq, item_id, created_at, content}}, or {"item": null}). Two concurrent pops never return the same item, and the \
            sequence number is not reused by later appends.
            """
    )

    @OptionGroup var options: SessionOptions

    mutating func run() async throws {
        try await options.run { store, key in
            let item = try await store.popLastItem(of: key)
            let value = try item?.jsonValue()
            options.emit(["item": value ?? .null]) { item?.content.text ?? "" }
        }
    }
}

import ArgumentParser

/// `agent-sessions items`: the group of commands on a session's conversation items.
struct ItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "Append, read, pop and clear a session's items (its conversation).",
        discussion: """
            An item is one JSON object (a message, a tool call, an event), kept exactly as given, \
            with a sequence number 1, 2, 3… per session that is never reused. Every items command \
            exits with 3 if the session does not exist.
            """,
        subcommands: [
            ItemsAppendCommand.self,
            ItemsListCommand.self,
            ItemsPopCommand.self,
            ItemsClearCommand.self,
        ]
    )
}

import AgentSessions
import ArgumentParser
import Foundation

/// `agent-sessions items list ID`: prints a session's items, oldest first.
struct ItemsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print a session's items, oldest first.",
        discussion: """
            Without options, every item. --limit N alone gives the last N (0 gives none); \
            --after S gives the items after sequence number S, and with --limit N the first N of \
            them, for paging forward.
            """
    )

    @OptionGroup var options: SessionOptions

    @Option(help: ArgumentHelp("At most this many items. Defaults to all.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Only items with a sequence number greater than this.", valueName: "seq"))
    var after: Int64?

    @Flag(help: "Every cell whole and exact times; without it the table fits the terminal and shows ages (5m, 3h).")
    var wide = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit)") }
        if let after, after < 0 { throw ValidationError("--after must be 0 or more, not \(after)") }
    }

    mutating func run() async throws {
        try await options.run { store, key in
            let items = try await store.items(of: key, ItemQuery(limit: limit, after: after))
            let values = try items.map { try $0.jsonValue() }
            options.emit(["items": .array(values)]) { Self.text(items, wide: wide) }
        }
    }

    /// The items as a table with their JSON text: fitted to the terminal with ages, or, `wide`,
    /// whole with exact times.
    private static func text(_ items: [SessionItem], wide: Bool) -> String {
        guard !items.isEmpty else { return "no items" }
        let now = Timestamp(Date())
        var table = TextTable(header: ["SEQ", wide ? "CREATED" : "AGE", "ITEM ID", "CONTENT"], shrinkable: [2, 3])
        for item in items {
            table.append([
                "\(item.sequence)", wide ? item.createdAt.iso8601 : Age.text(of: item.createdAt, now: now),
                item.itemID ?? "-", item.content.text,
            ])
        }
        return table.text(fitting: wide ? nil : Terminal.width())
    }
}

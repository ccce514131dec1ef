import AgentSessions
import ArgumentParser

/// `agent-sessions items append ID JSON…`: appends items to a session.
struct ItemsAppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append one or more JSON objects to a session, all or none.",
        discussion: """
            Give each item as an argument, or - alone to read JSON Lines (one object a line; blank \
            lines are skipped) from standard input. The items are stored in one transaction and \
            their sequence numbers are printed, one a line. With --item-id (a single item only), \
            appending an item id that is already stored stores nothing and prints the stored \
            sequence number, so a retry is safe. With --tokens (a single item only), the item \
            carries that token count instead of an estimate. With --pinned, every item given is \
            pinned: the model's view (`context`) keeps it whatever the budget.
            Exits with 3 if the session does not exist, 5 if an item is not a JSON object.
            """
    )

    @OptionGroup var options: SessionOptions

    @Argument(
        help: ArgumentHelp("The items, each a JSON object, or - to read JSON Lines from stdin.", valueName: "json")
    )
    var items: [String]

    @Option(help: ArgumentHelp("The caller's id for a single item, to make retries safe.", valueName: "id"))
    var itemID: String?

    @Option(help: ArgumentHelp("The tokens of a single item, as its model counted them.", valueName: "count"))
    var tokens: Int64?

    @Flag(help: "Pin the items: the model's view keeps them whatever the budget, even once summarized.")
    var pinned = false

    func validate() throws {
        guard !items.isEmpty else { throw ValidationError("give at least one item, or - to read them from stdin") }
        if items.contains("-") && items.count > 1 {
            throw ValidationError("- reads every item from stdin; give no other item with it")
        }
        if itemID != nil && (items.count > 1 || items == ["-"]) {
            throw ValidationError("--item-id names a single item; give exactly one item argument with it")
        }
        if tokens != nil && (items.count > 1 || items == ["-"]) {
            throw ValidationError("--tokens counts a single item; give exactly one item argument with it")
        }
    }

    mutating func run() async throws {
        try await options.run { store, key in
            let newItems = try readItems()
            let sequences = try await store.append(newItems, to: key)
            options.emit(["sequences": .array(sequences.map(JSONValue.int))]) {
                sequences.map(String.init).joined(separator: "\n")
            }
        }
    }

    /// The items from the arguments or from standard input.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the first bad item or line.
    private func readItems() throws -> [NewItem] {
        guard items == ["-"] else {
            return try items.enumerated().map { offset, text in
                let field = items.count == 1 ? "item" : "item \(offset + 1)"
                return NewItem(
                    try JSONDocument(validating: text, field: field),
                    itemID: itemID,
                    tokens: tokens,
                    isPinned: pinned
                )
            }
        }
        var newItems: [NewItem] = []
        let lines = try Console.readStandardInput().split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            newItems.append(
                NewItem(try JSONDocument(validating: String(line), field: "stdin line \(offset + 1)"), isPinned: pinned)
            )
        }
        guard !newItems.isEmpty else { throw CommandFailure.invalidInput("standard input holds no items") }
        return newItems
    }
}

import AgentSessions
import ArgumentParser

/// `agent-sessions context ID`: prints what to send to a model for a session.
struct ContextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Print what to send to a model: summaries in place of compacted items, then the rest.",
        discussion: """
            With --max-tokens, older tool results are replaced by a short placeholder and then the \
            oldest entries dropped until the rest fits; pinned items (--pin, and an opening system \
            or developer message) are always kept. Tokens are the callers' counts for summaries and \
            an estimate for items (a token per 4 bytes of JSON). Stored items are not changed. \
            With --json, prints the whole view (entries, tokens before and after, what was elided \
            and dropped); --documents prints only the JSON objects to send, one a line.
            Exits with 3 if the session does not exist.
            """
    )

    @OptionGroup var options: SessionOptions

    @Option(help: ArgumentHelp("The most tokens the view may take.", valueName: "n"))
    var maxTokens: Int64?

    @Option(help: ArgumentHelp("An item to keep whatever the budget; repeatable.", valueName: "seq"))
    var pin: [Int64] = []

    @Flag(help: "Print only the entries' JSON objects, one a line (JSON Lines), ready for a model.")
    var documents = false

    func validate() throws {
        if let maxTokens, maxTokens < 0 { throw ValidationError("--max-tokens must be 0 or more, not \(maxTokens)") }
        if let bad = pin.first(where: { $0 < 1 }) { throw ValidationError("--pin must be 1 or more, not \(bad)") }
    }

    mutating func run() async throws {
        try await options.run { [documents] store, key in
            let context = try await store.context(of: key, ContextRequest(maxTokens: maxTokens, pinned: Set(pin)))
            if documents {
                Console.write(context.documents.map(\.text).joined(separator: "\n"))
                return
            }
            let json = try JSONValue(parsing: context.jsonText, field: "context")
            options.emit(json) { Self.text(context) }
        }
    }

    private static func text(_ context: ModelContext) -> String {
        var table = TextTable(header: ["ENTRY", "TOKENS", "NOTE", "CONTENT"], shrinkable: [3])
        for entry in context.entries {
            let name: String
            switch entry.source {
            case .item(let sequence): name = "\(sequence)"
            case .summary(let number, let first, let last): name = "summary \(number) (\(first)-\(last))"
            }
            let note = [entry.isPinned ? "pinned" : nil, entry.isElided ? "elided" : nil].compactMap { $0 }
            table.append([
                name, "\(entry.tokens)", note.isEmpty ? "-" : note.joined(separator: ","), entry.content.text,
            ])
        }
        var summary = "\(context.tokensAfter) tokens"
        if context.tokensAfter != context.tokensBefore { summary += " (\(context.tokensBefore) before)" }
        if let maxTokens = context.maxTokens {
            summary += context.fits ? ", within \(maxTokens)" : ", over \(maxTokens)"
        }
        if !context.elidedSequences.isEmpty { summary += "; elided: \(list(context.elidedSequences))" }
        if !context.droppedSequences.isEmpty { summary += "; dropped items: \(list(context.droppedSequences))" }
        if !context.droppedCompactions.isEmpty {
            summary += "; dropped summaries: \(list(context.droppedCompactions))"
        }
        let rows = context.entries.isEmpty ? "no entries" : table.text(fitting: Terminal.width())
        return rows + "\n" + summary
    }

    private static func list(_ numbers: [Int64]) -> String { numbers.map(String.init).joined(separator: ", ") }
}

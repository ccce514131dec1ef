import AgentSessions
import ArgumentParser

/// `agent-sessions compact ID --through S --summary JSON`: stores a summary that stands for a
/// range of a session's items in the model's view.
struct CompactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Store a summary that stands for a session's items up to --through in the model's view.",
        discussion: """
            Raw items are never changed or removed: agent-sessions items list still prints them; \
            agent-sessions context shows the summary in their place. Without --from, the summary \
            stands for the items from the first one of the latest compaction (it replaces it), or \
            from item 1. A range may not separate a tool call from its result. Prints the \
            compaction's number.
            Exits with 3 if the session does not exist, 4 if the latest compaction already \
            reaches --through, 5 if the range or the summary is not valid.
            """
    )

    @OptionGroup var options: SessionOptions

    @Option(help: ArgumentHelp("The summary item, a JSON object a model can read.", valueName: "json"))
    var summary: String

    @Option(help: ArgumentHelp("The last item the summary was made from.", valueName: "seq"))
    var through: Int64

    @Option(help: ArgumentHelp("The first item it stands for. Defaults as described below.", valueName: "seq"))
    var from: Int64?

    @Option(help: ArgumentHelp("The summary's tokens, if counted; estimated otherwise.", valueName: "n"))
    var summaryTokens: Int64?

    mutating func run() async throws {
        try await options.run { store, key in
            let request = CompactionRequest(
                summary: try JSONDocument(validating: summary, field: "summary"),
                from: from,
                through: through,
                summaryTokens: summaryTokens
            )
            let compaction = try await store.compact(key, request)
            let json = try JSONValue(parsing: compaction.jsonText, field: "compaction")
            options.emit(json) { "\(compaction.number)" }
        }
    }
}

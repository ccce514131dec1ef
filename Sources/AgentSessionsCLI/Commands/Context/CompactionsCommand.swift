import AgentSessions
import ArgumentParser
import Foundation

/// `agent-sessions compactions ID`: prints a session's compactions.
struct CompactionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compactions",
        abstract: "Print a session's compactions, oldest first.",
        discussion: "Exits with 3 if the session does not exist."
    )

    @OptionGroup var options: SessionOptions

    @Flag(help: "Every cell whole and exact times; without it the table fits the terminal and shows ages (5m, 3h).")
    var wide = false

    mutating func run() async throws {
        try await options.run { store, key in
            let compactions = try await store.compactions(of: key)
            let values = try compactions.map { try JSONValue(parsing: $0.jsonText, field: "compaction") }
            options.emit(["compactions": .array(values)]) { Self.text(compactions, wide: wide) }
        }
    }

    private static func text(_ compactions: [Compaction], wide: Bool) -> String {
        guard !compactions.isEmpty else { return "no compactions" }
        let now = Timestamp(Date())
        var table = TextTable(
            header: ["NUMBER", "ITEMS", "TOKENS", "AUTHOR", wide ? "CREATED" : "AGE", "SUMMARY"],
            shrinkable: [3, 5]
        )
        for compaction in compactions {
            let author =
                switch compaction.author {
                case .caller: "caller"
                case .summarizer(let agent, let model): "\(agent) (\(model))"
                }
            table.append([
                "\(compaction.number)", "\(compaction.firstSequence)-\(compaction.lastSequence)",
                "\(compaction.tokensBefore)→\(compaction.tokensAfter)", author,
                wide ? compaction.createdAt.iso8601 : Age.text(of: compaction.createdAt, now: now),
                compaction.summary.text,
            ])
        }
        return table.text(fitting: wide ? nil : Terminal.width())
    }
}

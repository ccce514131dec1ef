import AgentSessions
import ArgumentParser
import Foundation

/// `agent-sessions list`: lists the app's sessions, most recently active first.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List sessions, most recently active first.",
        discussion: """
            Lists the sessions of --app, most recently active first, ties by id, or in the order \
            --sort names. Filters combine: every one given must hold. Without --limit every \
            matching session is listed. With --limit, a further page may exist: its cursor is \
            printed (next_cursor with --json) for --cursor, with the same --sort. The table shows \
            each session's summary; --json prints whole sessions. --count prints only how many \
            sessions match. Exits with 5 for a bad cursor, tag, sort or metadata filter.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Only sessions not finalized.")
    var activeOnly = false

    @Flag(help: "Only finalized sessions.")
    var finalized = false

    @Option(help: ArgumentHelp("Only this agent's sessions.", valueName: "name"))
    var agent: String?

    @Option(help: ArgumentHelp("Only this user's sessions.", valueName: "user-id"))
    var user: String?

    @Option(help: ArgumentHelp("Only children of this session.", valueName: "id"))
    var parent: String?

    @Option(help: ArgumentHelp("Only sessions in this phase.", valueName: "phase"))
    var phase: String?

    @Option(
        help: ArgumentHelp(
            "Only sessions carrying this tag; repeat it for several (all must be carried).",
            valueName: "tag"
        )
    )
    var tag: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only sessions whose metadata has KEY with exactly the string VALUE; repeatable.",
            valueName: "key=value"
        )
    )
    var metadata: [String] = []

    @Option(
        help: ArgumentHelp(
            "The order: -updated_at (the default), updated_at, -created_at or created_at; - for newest first.",
            valueName: "order"
        )
    )
    var sort: String?

    @Flag(help: "Print only how many sessions match the filters (with --json, {\"count\": n}).")
    var count = false

    @Option(help: ArgumentHelp("At most this many sessions. Defaults to all.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Continue after the page that printed this cursor.", valueName: "cursor"))
    var cursor: String?

    @Flag(help: "Every cell whole and exact times; without it the table fits the terminal and shows ages (5m, 3h).")
    var wide = false

    func validate() throws {
        if activeOnly && finalized { throw ValidationError("give --active-only or --finalized, not both") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit)") }
        if count && (limit != nil || cursor != nil) { throw ValidationError("--count takes no --limit or --cursor") }
        if let bad = metadata.first(where: { !$0.contains("=") }) {
            throw ValidationError("--metadata takes KEY=VALUE, not '\(bad)'")
        }
    }

    /// The metadata filters of `--metadata KEY=VALUE`.
    private var metadataFilters: [String: String] {
        get throws {
            var filters: [String: String] = [:]
            for pair in metadata {
                let equals = pair.firstIndex(of: "=") ?? pair.endIndex
                let key = String(pair[..<equals])
                let value = String(pair[equals...].dropFirst())
                if filters.updateValue(value, forKey: key) != nil {
                    throw ValidationError("--metadata names the key '\(key)' twice; give each key once")
                }
            }
            return filters
        }
    }

    mutating func run() async throws {
        try await options.run {
            let query = SessionQuery(
                app: options.store.app,
                userID: user,
                agentName: agent,
                parentID: try parent.map { try SessionID($0) },
                phase: phase.map { Phase($0) },
                isFinalized: activeOnly ? false : (finalized ? true : nil),
                tags: tag,
                metadata: try metadataFilters,
                order: try sort.map { try SessionOrder(text: $0) } ?? .recentActivityFirst,
                limit: limit,
                cursor: try cursor.map { try SessionCursor(token: $0) }
            )
            let store = try options.store.openStore()
            if count {
                let count = try await store.count(query)
                options.emit(["count": .int(Int64(count))]) { "\(count)" }
            } else if options.json {
                let page = try await store.list(query)
                options.emit(
                    [
                        "sessions": .array(page.sessions.map(\.jsonValue)),
                        "next_cursor": page.nextCursor.map { .string($0.token) } ?? .null,
                    ]
                ) { "" }
            } else {
                let page = try await store.listSummaries(query)
                Console.write(Self.text(page, wide: wide))
            }
        }
    }

    /// The page as a table, with the next cursor below it: fitted to the terminal with the last
    /// activity as an age, or, `wide`, whole with exact times.
    private static func text(_ page: SessionSummaryPage, wide: Bool) -> String {
        guard !page.summaries.isEmpty else { return "no sessions" }
        let now = Timestamp(Date())
        var table = TextTable(
            header: ["ID", "TITLE", "AGENT", "USER", "PHASE", "READY", "ERRORS", wide ? "UPDATED" : "ACTIVE"],
            shrinkable: [0, 1, 2, 3, 4]
        )
        for session in page.summaries {
            table.append([
                session.id.rawValue, (session.title ?? "").orDash, session.agentName.orDash, session.userID.orDash,
                session.phase.rawValue, session.isResumeReady ? "yes" : "no", "\(session.errorCount)",
                wide ? session.updatedAt.iso8601 : Age.text(of: session.updatedAt, now: now),
            ])
        }
        let text = table.text(fitting: wide ? nil : Terminal.width())
        guard let cursor = page.nextCursor else { return text }
        return text + "\nmore: --cursor \(cursor.token)"
    }
}

import AgentSessions
import ArgumentParser
import Foundation

/// `agent-sessions list`: lists the app's sessions, most recently active first.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List sessions, most recently active first.",
        discussion: """
            Lists the sessions of --app, most recently active first, ties by id. Without --limit \
            every matching session is listed. With --limit, a further page may exist: its cursor \
            is printed (next_cursor with --json) for --cursor. Exits with 5 for a bad cursor.
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

    @Option(help: ArgumentHelp("At most this many sessions. Defaults to all.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Continue after the page that printed this cursor.", valueName: "cursor"))
    var cursor: String?

    @Flag(help: "Every cell whole and exact times; without it the table fits the terminal and shows ages (5m, 3h).")
    var wide = false

    func validate() throws {
        if activeOnly && finalized { throw ValidationError("give --active-only or --finalized, not both") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit)") }
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
                limit: limit,
                cursor: try cursor.map { try SessionCursor(token: $0) }
            )
            let page = try await options.store.openStore().list(query)
            options.emit(
                [
                    "sessions": .array(page.sessions.map(\.jsonValue)),
                    "next_cursor": page.nextCursor.map { .string($0.token) } ?? .null,
                ]
            ) { Self.text(page, wide: wide) }
        }
    }

    /// The page as a table, with the next cursor below it: fitted to the terminal with the last
    /// activity as an age, or, `wide`, whole with exact times.
    private static func text(_ page: SessionPage, wide: Bool) -> String {
        guard !page.sessions.isEmpty else { return "no sessions" }
        let now = Timestamp(Date())
        var table = TextTable(
            header: ["ID", "AGENT", "USER", "PHASE", "READY", "ERRORS", wide ? "UPDATED" : "ACTIVE"],
            shrinkable: [0, 1, 2, 3]
        )
        for session in page.sessions {
            table.append([
                session.id.rawValue, session.agentName.orDash, session.userID.orDash, session.phase.rawValue,
                session.isResumeReady ? "yes" : "no", "\(session.errorCount)",
                wide ? session.updatedAt.iso8601 : Age.text(of: session.updatedAt, now: now),
            ])
        }
        let text = table.text(fitting: wide ? nil : Terminal.width())
        guard let cursor = page.nextCursor else { return text }
        return text + "\nmore: --cursor \(cursor.token)"
    }
}

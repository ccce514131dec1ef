import AgentSessions
import AgentSessionsExport
import ArgumentParser

/// `agent-sessions export`: writes sessions with all their items as JSON Lines.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write sessions with all their items as JSON Lines, for agent-sessions import.",
        discussion: """
            Writes the sessions of --app that match the filters, each as a session line followed \
            by its items, to standard output or --output FILE (written under a temporary name and \
            renamed when complete; a link's target is replaced the same way, and a device or FIFO \
            such as /dev/null is written through; --output - is standard output). Every field is kept: ids, user, agent, parent, kind, phase and \
            history, state, metadata, version, times, item sequence numbers, item ids and each \
            item's JSON byte for byte. Sessions and items are read page by page, so memory stays \
            flat whatever the size. The format is described in docs/cli.md ("Export and import").

            On a terminal, standard error shows a progress bar; otherwise one summary line. With \
            --json (and --output) the summary is printed as JSON on standard output.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to this file instead of standard output ('-' is standard output).", valueName: "file")
    )
    var output: String?

    @Option(help: ArgumentHelp("Only this user's sessions.", valueName: "user-id"))
    var user: String?

    @Option(help: ArgumentHelp("Only this agent's sessions.", valueName: "name"))
    var agent: String?

    @Option(help: ArgumentHelp("Only sessions in this phase.", valueName: "phase"))
    var phase: String?

    @Option(
        help: ArgumentHelp(
            "Only sessions active at or after this time: a date (2026-12-04, midnight UTC) or a time with Z or an "
                + "offset (2026-12-04T10:00:00+01:00).",
            valueName: "time"
        )
    )
    var updatedSince: String?

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("--output needs a file path, not an empty string") }
        if options.json && outputPath == nil {
            throw ValidationError(
                "--json prints the summary on standard output, which carries the export; add --output"
            )
        }
        if let updatedSince { _ = try CommandLineTime.parse(updatedSince, flag: "--updated-since") }
    }

    /// The file to write, or `nil` for standard output (no `--output`, or `--output -`).
    var outputPath: String? { output == "-" ? nil : output }

    /// The sessions the flags select.
    var filter: SessionExporter.Filter {
        SessionExporter.Filter(
            app: options.store.app,
            userID: user,
            agentName: agent,
            phase: phase.map { Phase($0) },
            // validate() refused a time that does not parse.
            updatedSince: updatedSince.flatMap { try? CommandLineTime.parse($0, flag: "--updated-since") }
        )
    }

    mutating func run() async throws {
        try await options.run {
            let store = try options.store.openStore()
            let writer = try outputPath.map { try LineWriter(path: $0) } ?? LineWriter()
            let progress = ProgressReporter()
            let filter = filter
            // The bar needs a total: the app's item count, known only when nothing is filtered out.
            let isWholeApp = filter == SessionExporter.Filter(app: filter.app)
            let total = progress.isTerminal && isWholeApp ? try await store.statistics(app: filter.app).itemCount : 0
            let counts = try await SessionExporter(filter: filter).export(from: store, to: writer.write) { counts in
                progress.update(counts, fraction: total > 0 ? Double(counts.items) / Double(total) : nil)
            }
            try writer.commit()
            if options.json {
                progress.finish(nil)
                Console.write(counts.jsonValue(elapsed: progress.elapsed))
            } else {
                progress.finish(counts.exportSummary(elapsed: progress.elapsed))
            }
        }
    }
}

import AgentSessions
import AgentSessionsExport
import ArgumentParser

/// `agent-sessions import`: restores sessions and their items from an export.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Restore sessions with all their items from an agent-sessions export.",
        discussion: """
            Reads JSON Lines written by agent-sessions export, from FILE (or --input FILE) or \
            standard input, and restores every session exactly as it was, with its items, into the \
            store chosen by --store, --db or --dir. Sessions keep the app their lines name; --app \
            does not apply. Items are written in batches, so memory stays flat whatever the size.

            Importing is idempotent: a session already in the store (same app, id and creation \
            time) is skipped, and only its items past the highest one stored are added, so running \
            an import again stores nothing twice and finishes one that was cut short. A different \
            session under the same id is reported and left out.

            Every line is checked; a bad line is reported on standard error with its number and \
            the reason, and the import goes on unless --stop-on-error is given. On a terminal, \
            standard error shows a progress bar; otherwise one summary line. With --json the \
            summary is printed as JSON on standard output.

            Exits with 0 when every line was imported or already present; otherwise with the code \
            of the first problem: 5 for a malformed line (or a file that is not an export), 4 for \
            a different session under an id that is taken, 3 for a session whose parent is \
            missing; 6 when the store fails, which always stops the import.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The file to read; standard input when omitted or -.", valueName: "file"))
    var file: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to read, as the argument.", valueName: "file"))
    var input: String?

    @Flag(help: "Stop at the first bad line (the lines before it stay imported).")
    var stopOnError = false

    func validate() throws {
        if file != nil && input != nil {
            throw ValidationError("give the file as an argument or with --input, not both")
        }
        if source?.isEmpty == true { throw ValidationError("the input needs a file path, not an empty string") }
    }

    /// The file to read, or `nil` for standard input.
    var source: String? {
        let path = input ?? file
        return path == "-" ? nil : path
    }

    mutating func run() async throws {
        try await options.run {
            let store = try options.store.openStore()
            let reader = try source.map { try LineReader(path: $0) } ?? LineReader()
            let progress = ProgressReporter()
            var importer = SessionImporter(into: store)
            var firstProblem: ImportProblem?
            func report(_ problems: [ImportProblem]) {
                for problem in problems { Console.writeError("agent-sessions: \(problem)") }
                firstProblem = firstProblem ?? problems.first
            }
            var number = 0
            while let line = try reader.nextLine() {
                number += 1
                report(try await importer.read(utf8: line, number: number))
                if stopOnError && firstProblem != nil { break }
                progress.update(
                    importer.counts,
                    fraction: reader.size.map { Double(reader.bytesRead) / Double(max($0, 1)) }
                )
            }
            report(try await importer.finish())
            if options.json {
                progress.finish(nil)
                Console.write(importer.counts.jsonValue(elapsed: progress.elapsed))
            } else {
                progress.finish(importer.counts.importSummary(elapsed: progress.elapsed))
            }
            if let firstProblem { throw firstProblem.error.exitCode }
        }
    }
}

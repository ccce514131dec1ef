import AgentSessions
import AgentSessionsExport
import AgentSessionsSQLite
import AgentSessionsTesting
import ArgumentParser
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `export` and `import`, run as the built executable between real stores.
struct ExportImportCommandsTests {
    /// Fills a SQLite database with ``ExportSamples/fill(_:advance:)``.
    private func fill(_ path: String) async throws {
        try await ExportSamples.fill(SQLiteSessionStore(configuration: .init(location: .file(path))))
    }

    /// Writes an export of one session with `count` items of 1 kB, yielding now and then so
    /// that other tests keep their share of the cooperative pool.
    private func writeLargeExport(_ path: String, count: Int) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? file.close() }
        let start = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)
        let session = Session(id: "large", createdAt: start, updatedAt: start, lastSequence: Int64(count))
        var text =
            ExportLine.format(version: ExportFormat.version).text + "\n" + ExportLine.session(session).text + "\n"
        let filler = String(repeating: "x", count: 1000)
        for sequence in 1...Int64(count) {
            let item = SessionItem(
                sequence: sequence,
                createdAt: start,
                content: JSONDocument(["text": .string(filler)])
            )
            text += ExportLine.item(item).text + "\n"
            if sequence % 1000 == 0 {
                try file.write(contentsOf: Data(text.utf8))
                text = ""
                await Task.yield()
            }
        }
        try file.write(contentsOf: Data(text.utf8))
    }

    /// A path in the test's folder.
    private func path(_ cli: CLIRunner, _ name: String) -> String {
        cli.directory.appendingPathComponent(name).path
    }

    @Test func sqliteToFilesAndBackGivesTheSameExport() async throws {
        let cli = try CLIRunner()
        try await fill(cli.databasePath)
        let first = path(cli, "first.jsonl")
        let exported = try await cli.run("export", "--output", first)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.isEmpty)
        #expect(exported.stderr.hasPrefix("exported 3 sessions, 5 items in "), "\(exported.stderr)")

        let files = path(cli, "files")
        let imported = try await CLIRunner.run(["import", first, "--store", "files", "--dir", files])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.hasPrefix("imported 3 sessions, 5 items in "), "\(imported.stderr)")

        let second = path(cli, "second.jsonl")
        let again = try await CLIRunner.run(["export", "--store", "files", "--dir", files, "--output", second])
        #expect(again.status == 0, "\(again.stderr)")
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(try Data(contentsOf: URL(fileURLWithPath: second)) == firstBytes, "the file store lost nothing")

        // Back into a new SQLite database through a pipe.
        let piped = try await CLIRunner.run(["export", "--store", "files", "--dir", files])
        #expect(Data(piped.stdout.utf8) == firstBytes)
        let database = path(cli, "copy.sqlite")
        let back = try await CLIRunner.run(["import", "--db", database], stdin: piped.stdout)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try await CLIRunner.run(["export", "--db", database]).stdout == piped.stdout)

        let item = try await CLIRunner.run(["items", "list", "kid", "--db", database, "--json"]).object()
        let content = item["items"]?.arrayValue?.first?.objectValue?["content"]
        #expect(content == ["role": "tool", "n": 1.5])
    }

    @Test func importingTwiceStoresNothingTwice() async throws {
        let cli = try CLIRunner()
        try await fill(cli.databasePath)
        let export = try await cli.run("export").stdout
        let database = path(cli, "copy.sqlite")
        let first = try await CLIRunner.run(["import", "--db", database, "--json"], stdin: export).object()
        #expect(first["sessions"] == 3 && first["items"] == 5 && first["errors"] == 0)
        let second = try await CLIRunner.run(["import", "-", "--db", database, "--json"], stdin: export)
        #expect(second.status == 0)
        let counts = try second.object()
        #expect(counts["sessions"] == 0 && counts["items"] == 0)
        #expect(counts["skipped_sessions"] == 3 && counts["skipped_items"] == 5)
        #expect(try await CLIRunner.run(["export", "--db", database]).stdout == export)
        let text = try await CLIRunner.run(["import", "--db", database], stdin: export)
        #expect(
            text.stderr.hasPrefix("imported 0 sessions, 0 items, skipped 3 sessions and 5 items already present in ")
        )
    }

    @Test func badLinesAreReportedWithTheirNumbers() async throws {
        let cli = try CLIRunner()
        try await fill(cli.databasePath)
        var lines = try await cli.run("export").stdout.split(separator: "\n").map(String.init)
        // 1 format, 2 done, 3 root, 4-7 its items, 8 kid, 9 its item
        lines[4] = #"{"type":"item","seq":2,"created_at":"never","content":{}}"#
        let input = lines.joined(separator: "\n") + "\n"

        let going = try await CLIRunner.run(["import", "--db", path(cli, "going.sqlite")], stdin: input)
        #expect(going.status == 5)
        #expect(going.stderr.contains("agent-sessions: line 5: 'created_at' must be an ISO 8601 time\n"))
        #expect(going.stderr.contains("imported 3 sessions, 4 items, 1 error in "), "\(going.stderr)")

        let stopped = try await CLIRunner.run(
            ["import", "--db", path(cli, "stopped.sqlite"), "--stop-on-error", "--json"],
            stdin: input
        )
        #expect(stopped.status == 5)
        let counts = try stopped.object()
        #expect(counts["sessions"] == 2 && counts["items"] == 1 && counts["errors"] == 1, "the lines before stay")

        let notExport = try await CLIRunner.run(["import", "--db", path(cli, "none.sqlite")], stdin: "hello\n")
        #expect(notExport.status == 5)
        #expect(notExport.stderr.contains("line 1: this is not an agent-sessions export"))
        let missing = try await CLIRunner.run(["import", path(cli, "missing.jsonl"), "--db", path(cli, "x.sqlite")])
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("cannot open"))
    }

    @Test func filtersSelectWhatIsExported() async throws {
        let cli = try CLIRunner()
        try await fill(cli.databasePath)
        func ids(_ arguments: String...) async throws -> [String] {
            let result = try await CLIRunner.run(["export"] + arguments + ["--db", cli.databasePath])
            #expect(result.status == 0, "\(result.stderr)")
            return try result.stdout.split(separator: "\n").compactMap { line in
                guard case .session(let session) = try ExportLine(parsing: String(line)) else { return nil }
                return session.id.rawValue
            }
        }
        #expect(try await ids() == ["done", "root", "kid"], "parents before children")
        #expect(try await ids("--user", "ana") == ["root", "kid"])
        #expect(try await ids("--agent", "coder") == ["done"])
        #expect(try await ids("--phase", "planning") == ["root"])
        #expect(try await ids("--updated-since", "2999-01-01T00:00:00Z") == [])
        #expect(try await ids("--updated-since", "2999-01-01") == [], "a date is its midnight, UTC")
        #expect(try await ids("--updated-since", "2000-01-01").count == 3)
        #expect(try await ids("--updated-since", "2000-01-01T10:00:00+01:00").count == 3)
        #expect(try await ids("--app", "other") == [])

        #expect(try await cli.run("export", "--phase", "dreaming").status == 5)
        #expect(try await cli.run("export", "--updated-since", "yesterday").status == 2)
        let impossible = try await cli.run("export", "--updated-since", "2026-02-30T00:00:00Z")
        #expect(impossible.status == 2)
        #expect(impossible.stderr.contains("day 30 does not exist in month 2 of 2026"), "\(impossible.stderr)")
        let impossibleDate = try await cli.run("export", "--updated-since", "2026-02-31")
        #expect(impossibleDate.status == 2)
        #expect(impossibleDate.stderr.contains("'2026-02-31' is not a date: day 31 does not exist in month 2"))
        #expect(try await cli.run("export", "--json").status == 2, "the summary would mix with the export")
        #expect(try await cli.run("import", "a.jsonl", "--input", "b.jsonl").status == 2)
    }

    #if os(Linux)
        @Test func aTerminalShowsAProgressBar() async throws {
            let cli = try CLIRunner()
            try await fill(cli.databasePath)
            let file = path(cli, "export.jsonl")
            #expect(try await cli.run("export", "--output", file).status == 0)
            let command = [try CLIRunner.executable.path, "import", file, "--db", path(cli, "tty.sqlite")]
            // `script` runs the command on a pseudo-terminal, so that standard error is a terminal.
            let result = try await CLIRunner.run(
                ["-qec", command.joined(separator: " "), "/dev/null"],
                program: URL(fileURLWithPath: "/usr/bin/script")
            )
            let text = result.stdout
            #expect(result.status == 0, "\(text)")
            #expect(text.contains("\r\u{1B}[2K["), "the bar is drawn over itself: \(text.debugDescription)")
            #expect(text.contains("%") && text.contains("items/s"))
            #expect(text.contains("imported 3 sessions, 5 items in "))
        }
    #endif

    @Test func memoryStaysFlatWhateverTheSize() async throws {
        let cli = try CLIRunner()
        var peaks: [(export: Int, import: Int)] = []
        for count in [4_000, 30_000] {
            let file = path(cli, "large-\(count).jsonl")
            try await writeLargeExport(file, count: count)
            let database = path(cli, "large-\(count).sqlite")
            let imported = try await PeakMemory.run(["import", file, "--db", database])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stderr.hasPrefix("imported 1 session, \(ProgressReporter.grouped(count)) items"))
            let copy = path(cli, "copy-\(count).jsonl")
            let exported = try await PeakMemory.run(["export", "--db", database, "--output", copy])
            #expect(exported.status == 0, "\(exported.stderr)")
            #expect(exported.stderr.hasPrefix("exported 1 session, \(ProgressReporter.grouped(count)) items"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == Data(contentsOf: URL(fileURLWithPath: file)))
            peaks.append((exported.peakBytes, imported.peakBytes))
        }
        // 26,000 more items of 1 kB are 26 MB more data: held in memory, the peak would grow by
        // that much at least. Streamed, it does not grow beyond noise.
        let limit = 8 << 20
        #expect(peaks[1].export - peaks[0].export < limit, "export peaks \(peaks.map(\.export))")
        #expect(peaks[1].import - peaks[0].import < limit, "import peaks \(peaks.map(\.import))")
    }
}

/// Parsing of `export` and `import`, and the progress texts, without running a process.
struct ExportImportParsingTests {
    @Test func exportFlagsMakeTheFilter() async throws {
        let parsed = try await OffPoolParsing.parseAsRoot([
            "export", "--app", "ops", "--user", "ana", "--agent", "planner", "--phase", "planning",
            "--updated-since", "2026-11-21T06:00:00+01:00", "-o", "out.jsonl", "--json",
        ])
        let command = try #require(parsed as? ExportCommand)
        let since = try #require(Timestamp(iso8601: "2026-11-21T05:00:00Z"))
        #expect(
            command.filter
                == .init(app: "ops", userID: "ana", agentName: "planner", phase: .planning, updatedSince: since)
        )
        #expect(command.output == "out.jsonl")
    }

    @Test func importReadsAFileOrStandardInput() async throws {
        func source(_ arguments: [String]) async throws -> String? {
            try #require(try await OffPoolParsing.parseAsRoot(["import"] + arguments) as? ImportCommand).source
        }
        await #expect(try source([]) == nil)
        await #expect(try source(["-"]) == nil)
        await #expect(try source(["a.jsonl"]) == "a.jsonl")
        await #expect(try source(["--input", "b.jsonl"]) == "b.jsonl")
        let command = try #require(
            try await OffPoolParsing.parseAsRoot(["import", "--stop-on-error"]) as? ImportCommand
        )
        #expect(command.stopOnError)
    }

    @Test func progressTexts() {
        var counts = TransferCounts()
        counts.sessions = 12
        counts.items = 4210
        #expect(
            ProgressReporter.bar(counts, fraction: 0.35, elapsed: .seconds(2))
                == "[########----------------]  35%  12 sessions  4,210 items  2,105 items/s"
        )
        #expect(ProgressReporter.bar(counts, fraction: nil, elapsed: .zero) == "12 sessions  4,210 items  0 items/s")
        #expect(
            [0, 999, 1000, 48_210, 1_234_567, -1000].map(ProgressReporter.grouped) == [
                "0", "999", "1,000", "48,210", "1,234,567", "-1,000",
            ]
        )
        #expect(counts.exportSummary(elapsed: .milliseconds(2100)) == "exported 12 sessions, 4,210 items in 2.1s")
        counts.skippedSessions = 1
        counts.errors = 1
        counts.rejectedItems = 3
        #expect(
            counts.importSummary(elapsed: .seconds(1))
                == "imported 12 sessions, 4,210 items, skipped 1 session and 0 items already present, 1 error "
                + "(3 items left out) in 1.0s"
        )
    }
}

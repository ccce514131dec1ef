import AgentSessions
import AgentSessionsSQLite
import AgentSessionsTesting
import Foundation
import Testing

/// Where `export --output` writes: `-` is standard output, a link's target is replaced, a FIFO
/// is written through.
struct ExportOutputTests {
    private func filledRunner() async throws -> CLIRunner {
        let cli = try CLIRunner()
        try await ExportSamples.fill(SQLiteSessionStore(configuration: .init(location: .file(cli.databasePath))))
        return cli
    }

    @Test func aDashIsStandardOutput() async throws {
        let cli = try await filledRunner()
        let dash = FileManager.default.currentDirectoryPath + "/-"
        let existed = FileManager.default.fileExists(atPath: dash)
        let exported = try await cli.run("export", "--output", "-")
        if !existed, FileManager.default.fileExists(atPath: dash) {
            try FileManager.default.removeItem(atPath: dash)
            Issue.record("export --output - wrote a file named '-'")
        }
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(
            exported.stdout.hasPrefix(#"{"name":"agent-sessions","type":"format""#),
            "the export is on standard output"
        )
        #expect(exported.stdout.split(separator: "\n").count == 9, "format, 3 sessions, 5 items")
    }

    @Test func aLinkIsFollowedAndItsTargetReplaced() async throws {
        let cli = try await filledRunner()
        let target = cli.directory.appendingPathComponent("target.jsonl").path
        let link = cli.directory.appendingPathComponent("link.jsonl").path
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let exported = try await cli.run("export", "--output", link)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target, "the link stays a link")
        #expect(try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n").count == 9)
    }

    @Test func aFIFOIsWrittenThrough() async throws {
        let cli = try await filledRunner()
        let fifo = cli.directory.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The read end is open (without blocking) before the export starts, so the export's
        // open of the write end does not wait; the pipe's buffer holds the small export.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        let exported = try await cli.run("export", "--output", fifo)
        #expect(exported.status == 0, "\(exported.stderr)")
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = read(reader, &buffer, buffer.count)
        let received = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        #expect(received.split(separator: "\n").count == 9, "the export went through the FIFO")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
    }
}

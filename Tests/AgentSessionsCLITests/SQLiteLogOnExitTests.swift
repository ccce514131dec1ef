import AgentSessions
import AgentSessionsSQLite
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Testing

/// After the CLI exits, or `serve` stops on SIGTERM, the SQLite database file alone holds
/// every item: the write-ahead log was folded back and removed.
@Suite(.timeLimit(.minutes(10))) struct SQLiteLogOnExitTests {
    /// The `-wal` and `-shm` files beside the database.
    private func logFiles(_ databasePath: String) -> [String] {
        ["-wal", "-shm"].map { databasePath + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// The items of `id` in a copy of the database file alone (no log beside it).
    private func itemsInACopy(of databasePath: String, _ id: SessionID, in folder: URL) async throws -> Int {
        let copy = folder.appendingPathComponent("copy-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: databasePath, toPath: copy)
        let store = try SQLiteSessionStore(configuration: .init(location: .file(copy)))
        let count = try await store.items(of: SessionKey(id), .all).count
        try await store.close()
        return count
    }

    @Test func afterACommandExitsTheDatabaseFileHoldsEveryItem() async throws {
        let cli = try CLIRunner()
        #expect(try await cli.run("create", "--id", "s-1").status == 0)
        let lines = (0..<2000).map { #"{"n":\#($0),"text":"an item of the conversation"}"# }
        let appended = try await cli.run("items", "append", "s-1", "-", stdin: lines.joined(separator: "\n") + "\n")
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(logFiles(cli.databasePath).isEmpty, "no log is left beside the database file")
        #expect(try await itemsInACopy(of: cli.databasePath, "s-1", in: cli.directory) == 2000)
    }

    @Test func afterServeStopsOnSIGTERMTheDatabaseFileHoldsEveryItem() async throws {
        let cli = try CLIRunner()
        let server = try await ServeProcess.start(["--db", cli.databasePath])
        let created = try await HTTPTestClient.send(port: server.port, .POST, "/v1/sessions", body: #"{"id":"s-1"}"#)
        #expect(created.status == .created)
        for batch in 0..<20 {
            let items = (0..<100).map { #"{"content":{"n":\#(batch * 100 + $0)}}"# }.joined(separator: ",")
            let answer = try await HTTPTestClient.send(
                port: server.port,
                .POST,
                "/v1/sessions/s-1/items",
                body: #"{"items":[\#(items)]}"#
            )
            #expect(answer.status == .created)
        }
        #expect(try await server.terminate() == 0, "\(server.log)")
        #expect(logFiles(cli.databasePath).isEmpty, "no log is left beside the database file")
        #expect(try await itemsInACopy(of: cli.databasePath, "s-1", in: cli.directory) == 2000)
    }
}

import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Testing

/// Issue 12: `GET /v1/sessions/{id}/items` without a limit on a large session must not build
/// the whole answer in memory: a spawned `serve` answers 64 MiB of items while its peak
/// resident memory grows by less than half of that.
@Suite(.timeLimit(.minutes(10))) struct ServeLongReadTests {
    /// Items per batch and batches: 8,400 items of 8 KiB, 66 MiB of content.
    static let batchSize = 100
    static let batches = 84
    /// The most the server's peak memory may grow while it answers: a page of items read, its
    /// text and its buffer, well below the answer's 64 MiB (the whole answer built at once took
    /// three times the answer's size).
    static let ceiling = 32 << 20
    static let itemText = String(repeating: "x", count: 8 << 10)

    /// The content of item `number`, as sent and as it must come back.
    static func content(_ number: Int) -> String { #"{"n":\#(number),"text":"\#(itemText)"}"# }

    @Test func aSessionOf64MiBIsReadWithFlatMemory() async throws {
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(["--db", folder.databasePath])
        try await HTTPTestClient.withConnection(port: server.port) { connection in
            let created = try await connection.send(.POST, "/v1/sessions", body: #"{"id":"big"}"#)
            #expect(created.status == .created)
            for batch in 0..<Self.batches {
                let entries = (0..<Self.batchSize).map { #"{"content":\#(Self.content(batch * Self.batchSize + $0))}"# }
                let answer = try await connection.send(
                    .POST,
                    "/v1/sessions/big/items",
                    body: #"{"items":["# + entries.joined(separator: ",") + "]}"
                )
                try #require(answer.status == .created, "batch \(batch): \(answer.text.prefix(300))")
            }
        }
        let before = try server.residentMemory().current
        try server.resetPeakMemory()
        let answer = try await HTTPTestClient.send(port: server.port, .GET, "/v1/sessions/big/items")
        let peak = try server.residentMemory().peak
        let answerBytes = answer.text.utf8.count
        #expect(answer.status == .ok)
        #expect(answerBytes > 64 << 20)
        let growth = (peak - before) * 1024
        #expect(
            growth < Self.ceiling,
            "the server's peak memory grew by \(growth >> 20) MiB for an answer of \(answerBytes >> 20) MiB"
        )
        try checkItems(answer.text)
        #expect(try await server.terminate() == 0)
    }

    /// The answer holds every item once, in order, with its content byte for byte.
    private func checkItems(_ text: String) throws {
        #expect(text.hasPrefix(#"{"items":[{"content":"#))
        #expect(text.hasSuffix("]}\n"))
        let entries = text.dropFirst(#"{"items":["#.count).dropLast(3).split(separator: #"},{"content":"#)
        try #require(entries.count == Self.batchSize * Self.batches)
        for (number, entry) in entries.enumerated() {
            let content = Self.content(number)
            let body = number == 0 ? entry.dropFirst(#"{"content":"#.count) : entry
            let end = number == entries.count - 1 ? body.dropLast() : body
            try #require(body.hasPrefix(content), "item \(number + 1) does not hold its content as sent")
            try #require(end.hasSuffix(#""seq":\#(number + 1)"#), "item \(number + 1) is out of place")
        }
    }
}

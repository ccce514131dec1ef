import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Synchronization
import TestEnvironments
import Testing

/// Issue 6's soak: 200,000 mixed operations from 16 clients through a spawned `agent-sessions
/// serve` on SQLite. The store's counts must match what the clients did, and the server's
/// resident memory at the end must be within 20% of where it was after the warm-up.
@Suite(.tags(.slow), .runsUnlessSlowTestsAreSkipped, .timeLimit(.minutes(20))) struct SoakTests {
    static let clients = 16
    static let operations = 200_000
    /// The share of each client's operations that warms the server up before the baseline.
    static let warmUpShare = 10

    /// What one client did.
    private struct Tally: Sendable {
        var sessions = 0
        var items = 0
    }

    @Test func mixedOperationsKeepCountsAndMemory() async throws {
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(["--db", folder.databasePath])
        let perClient = Self.operations / Self.clients
        let warmUp = perClient / Self.warmUpShare
        let warmedUp = Barrier(count: Self.clients)
        let baseline = Baseline()

        let tallies = try await withThrowingTaskGroup(of: Tally.self) { group in
            for client in 0..<Self.clients {
                group.addTask {
                    try await HTTPTestClient.withConnection(port: server.port) { connection in
                        var tally = Tally()
                        var live: [String] = []
                        for step in 0..<perClient {
                            if step == warmUp {
                                if await warmedUp.arrive() {
                                    baseline.record(try? server.residentMemory().current)
                                }
                            }
                            try await Self.operate(step, client: client, connection, &tally, &live)
                        }
                        return tally
                    }
                }
            }
            return try await group.reduce(into: [Tally]()) { $0.append($1) }
        }

        let stats = try JSONObject(
            parsingObject: try await HTTPTestClient.send(port: server.port, .GET, "/v1/stats").text,
            field: "stats"
        )
        #expect(stats["session_count"]?.intValue == Int64(tallies.map(\.sessions).reduce(0, +)))
        #expect(stats["item_count"]?.intValue == Int64(tallies.map(\.items).reduce(0, +)))

        let start = try #require(baseline.value, "the baseline was measured after the warm-up")
        let end = try server.residentMemory().current
        #expect(Double(end) <= Double(start) * 1.2, "resident memory grew from \(start) KiB to \(end) KiB")
        #expect(try await server.terminate() == 0)
    }

    /// One operation of a fixed mix: create, append (one or a batch), read, patch, list, pop,
    /// delete.
    private static func operate(
        _ step: Int,
        client: Int,
        _ connection: HTTPTestConnection,
        _ tally: inout Tally,
        _ live: inout [String]
    ) async throws {
        if live.isEmpty || step % 20 == 0 {
            let id = "soak-\(client)-\(step)"
            try await expect(.created, connection.send(.POST, "/v1/sessions", body: #"{"id":"\#(id)"}"#))
            live.append(id)
            tally.sessions += 1
            return
        }
        let id = live[step % live.count]
        switch step % 10 {
        case 0, 1, 2:
            try await expect(
                .created,
                connection.send(.POST, "/v1/sessions/\(id)/items", body: #"{"content":{"n":\#(step)}}"#)
            )
            tally.items += 1
        case 3:
            let batch = #"{"items":[{"content":{"n":1}},{"content":{"n":2}},{"content":{"n":3}}]}"#
            try await expect(.created, connection.send(.POST, "/v1/sessions/\(id)/items", body: batch))
            tally.items += 3
        case 4, 5:
            try await expect(.ok, connection.send(.GET, "/v1/sessions/\(id)/items?limit=20"))
        case 6:
            try await expect(
                .ok,
                connection.send(.PATCH, "/v1/sessions/\(id)", body: #"{"metadata":{"step":\#(step)}}"#)
            )
        case 7:
            try await expect(.ok, connection.send(.GET, "/v1/sessions?limit=10"))
        case 8:
            let popped = try await connection.send(.DELETE, "/v1/sessions/\(id)/items/last")
            try expect(.ok, popped)
            if JSONObject.parsed(popped.text)["item"].map({ $0 != .null }) ?? false { tally.items -= 1 }
        default:
            if live.count > 8, step % 50 == 9 {
                let items = try await connection.send(.GET, "/v1/sessions/\(id)/items")
                let count = (JSONObject.parsed(items.text)["items"]?.arrayValue?.count) ?? 0
                try await expect(.ok, connection.send(.DELETE, "/v1/sessions/\(id)"))
                live.removeAll { $0 == id }
                tally.sessions -= 1
                tally.items -= count
            } else {
                try await expect(.ok, connection.send(.GET, "/v1/sessions/\(id)"))
            }
        }
    }

    private static func expect(_ status: HTTPResponseStatus, _ answer: HTTPAnswer) throws {
        guard answer.status == status else {
            throw HTTPTestClientError("expected \(status), got \(answer.status): \(answer.text.prefix(200))")
        }
    }
}

extension JSONObject {
    /// The object of a JSON text, or empty when it is not one.
    fileprivate static func parsed(_ text: String) -> JSONObject {
        (try? JSONObject(parsingObject: text, field: "answer")) ?? [:]
    }
}

/// Lets the last of `count` arrivals know it is last.
private final class Barrier: Sendable {
    private let remaining: Mutex<Int>

    init(count: Int) {
        remaining = Mutex(count)
    }

    /// Counts an arrival; `true` for the last one.
    func arrive() async -> Bool {
        remaining.withLock { remaining in
            remaining -= 1
            return remaining == 0
        }
    }
}

/// The resident memory measured after the warm-up.
private final class Baseline: Sendable {
    private let kibibytes = Mutex<Int?>(nil)

    var value: Int? { kibibytes.withLock { $0 } }

    func record(_ value: Int?) { kibibytes.withLock { $0 = value } }
}

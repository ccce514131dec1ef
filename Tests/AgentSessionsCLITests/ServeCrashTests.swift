import AgentSessions
import AgentSessionsClient
import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Synchronization
import TestEnvironments
import Testing

/// Issue 6's crash safety: clients append through a spawned `agent-sessions serve`, the process
/// is killed with SIGKILL in the middle, restarted on the same store (SQLite, files, PostgreSQL),
/// and every acknowledged append is there exactly once, with no gap in the sequence and nothing
/// half-written. Beside them a client creates, appends to, finalizes, pops and deletes other
/// sessions, and after each restart the store's statistics equal a recount (issue 17: SQLite and
/// PostgreSQL keep them in the transactions of the writes).
@Suite(.tags(.slow), .runsUnlessSlowTestsAreSkipped, .timeLimit(.minutes(10))) struct ServeCrashTests {
    enum Backend: String, CaseIterable, Sendable {
        case sqlite
        case files
        case postgres

        /// The `serve` arguments of a fresh store (for PostgreSQL: a schema of its own on the
        /// test run's server).
        func arguments(in directory: String) async throws -> [String] {
            switch self {
            case .sqlite: ["--db", directory + "/sessions.sqlite"]
            case .files: ["--store", "files", "--dir", directory + "/files"]
            case .postgres:
                [
                    "--store",
                    try await PostgresTestServer.require() + "?schema=" + PostgresTestServer.makeSchemaName("crash"),
                ]
            }
        }
    }

    /// How many acknowledged appends each round waits for before it kills the server.
    static let killPoints = [25, 150, 400]
    static let clients = 8

    @Test(arguments: Backend.allCases)
    func acknowledgedAppendsSurviveSIGKILL(backend: Backend) async throws {
        let folder = try CLIRunner()
        let arguments = try await backend.arguments(in: folder.directory.path)
        var server = try await ServeProcess.start(arguments)
        let created = try await HTTPTestClient.send(port: server.port, .POST, "/v1/sessions", body: #"{"id":"crash"}"#)
        #expect(created.status == .created)

        var acknowledged: [Int64: String] = [:]
        for (round, killPoint) in Self.killPoints.enumerated() {
            let log = AppendLog()
            let port = server.port
            let killed = server
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<Self.clients {
                    group.addTask {
                        await Self.appendUntilTheServerDies(port: port, marker: "r\(round)c\(client)", log)
                    }
                }
                group.addTask { await Self.mixWritesUntilTheServerDies(port: port, round: round, log) }
                group.addTask {
                    while log.count < killPoint { try await Task.sleep(for: .milliseconds(1)) }
                    log.markKilled()
                    try await killed.kill()
                }
                try await group.waitForAll()
            }
            #expect(log.unexpected.isEmpty, "answers other than 201 before the kill: \(log.unexpected.prefix(3))")
            for (sequence, marker) in log.appends {
                #expect(
                    acknowledged.updateValue(marker, forKey: sequence) == nil,
                    "sequence \(sequence) acknowledged twice"
                )
            }

            server = try await ServeProcess.start(arguments)
            let stored = try await Self.items(port: server.port)
            #expect(stored.map(\.sequence) == Array(1...Int64(stored.count)), "the sequence has no gap")
            let markers = stored.map(\.marker)
            #expect(Set(markers).count == markers.count, "no append is stored twice")
            let byNumber = Dictionary(uniqueKeysWithValues: stored.map { ($0.sequence, $0.marker) })
            let lost = acknowledged.filter { byNumber[$0.key] != $0.value }
            #expect(lost.isEmpty, "\(backend) round \(round): acknowledged appends lost or changed: \(lost.count)")
            let store = try Self.client(port: server.port)
            let kept = try await store.statistics(app: SessionKey.defaultApp)
            let recount = try await SessionStatistics.recount(apps: [SessionKey.defaultApp], in: store)
            #expect(kept == recount, "\(backend) round \(round): statistics \(kept), recount \(recount)")
        }
        let next = try await HTTPTestClient.send(
            port: server.port,
            .POST,
            "/v1/sessions/crash/items",
            body: #"{"content":{"marker":"after"}}"#
        )
        #expect(next.status == .created, "the restarted server takes appends")
        let outcomes = try await Self.client(port: server.port).statistics(app: SessionKey.defaultApp).countsByOutcome
        #expect(outcomes[.completed, default: 0] > 0, "the mixed writes finalized sessions: \(outcomes)")
        #expect(try await server.terminate() == 0, "SIGTERM stops the server cleanly")
    }

    /// A Swift client of the server on `port`.
    private static func client(port: Int) throws -> HTTPSessionStore {
        try HTTPSessionStore(configuration: .init(baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(30)))
    }

    /// Creates sessions of agent `mixed`, appends to them (with and without token counts) and
    /// then finalizes, pops from or deletes each, until a call fails (the server was killed).
    private static func mixWritesUntilTheServerDies(port: Int, round: Int, _ log: AppendLog) async {
        do {
            let store = try client(port: port)
            for number in 0... {
                let key = try await store.create(
                    NewSession(id: SessionID("mixed-r\(round)-\(number)"), agentName: "mixed")
                ).key
                try await store.append(
                    [NewItem(["n": .int(Int64(number))], tokens: Int64(number)), NewItem(["n": "second"])],
                    to: key
                )
                switch number % 3 {
                case 0: try await store.finalize(key, outcome: number % 2 == 0 ? .completed : .failed)
                case 1: _ = try await store.popLastItem(of: key)
                default: try await store.delete(key)
                }
            }
        } catch {
            if !log.wasKilled { log.recordUnexpected("mixed writes: \(error)") }
        }
    }

    /// Appends on one keep-alive connection until the connection fails.
    private static func appendUntilTheServerDies(port: Int, marker: String, _ log: AppendLog) async {
        do {
            try await HTTPTestClient.withConnection(port: port) { connection in
                for number in 0... {
                    let text = "\(marker)-\(number)"
                    let answer = try await connection.send(
                        .POST,
                        "/v1/sessions/crash/items",
                        body: #"{"content":{"marker":"\#(text)"}}"#
                    )
                    guard answer.status == .created,
                        case .array(let sequences)? = try JSONObject(parsingObject: answer.text, field: "answer")[
                            "sequences"
                        ],
                        let sequence = sequences.first?.intValue
                    else {
                        log.recordUnexpected("\(answer.status): \(answer.text)")
                        return
                    }
                    log.record(sequence, text)
                }
            }
        } catch {
            // The connection broke: expected once the server was killed, a failure before.
            if !log.wasKilled { log.recordUnexpected("\(error)") }
        }
    }

    private struct StoredItem {
        var sequence: Int64
        var marker: String
    }

    /// Every item of the session, checked to be whole.
    private static func items(port: Int) async throws -> [StoredItem] {
        let answer = try await HTTPTestClient.send(port: port, .GET, "/v1/sessions/crash/items")
        #expect(answer.status == .ok)
        guard case .array(let items)? = try JSONObject(parsingObject: answer.text, field: "answer")["items"] else {
            throw HTTPTestClientError("no items in \(answer.text.prefix(200))")
        }
        return try items.map { item in
            guard let sequence = item.objectValue?["seq"]?.intValue,
                let marker = item.objectValue?["content"]?.objectValue?["marker"]?.stringValue
            else { throw HTTPTestClientError("an item is not whole: \(item)") }
            return StoredItem(sequence: sequence, marker: marker)
        }
    }
}

/// What the clients of one round saw.
private final class AppendLog: Sendable {
    private struct State {
        var appends: [(Int64, String)] = []
        var unexpected: [String] = []
        var killed = false
    }

    private let state = Mutex(State())

    var count: Int { state.withLock { $0.appends.count } }
    var appends: [(Int64, String)] { state.withLock { $0.appends } }
    var unexpected: [String] { state.withLock { $0.unexpected } }
    var wasKilled: Bool { state.withLock { $0.killed } }

    func record(_ sequence: Int64, _ marker: String) { state.withLock { $0.appends.append((sequence, marker)) } }
    func recordUnexpected(_ text: String) { state.withLock { $0.unexpected.append(text) } }
    func markKilled() { state.withLock { $0.killed = true } }
}

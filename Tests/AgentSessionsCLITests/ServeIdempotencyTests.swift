import AgentSessions
import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import TestEnvironments
import Testing

/// `Idempotency-Key` answers kept by the store: a retry after `serve` is killed and restarted
/// (SQLite), or sent to another `serve` on the same database (PostgreSQL), gets the first
/// answer, and nothing is stored twice.
@Suite(.timeLimit(.minutes(10))) struct ServeIdempotencyTests {
    @Test func aRetryAfterTheServerIsKilledIsReplayedFromTheSQLiteFile() async throws {
        let folder = try CLIRunner()
        let arguments = ["--db", folder.databasePath]
        let first = try await ServeProcess.start(arguments)
        let created = try await Self.post(first.port, "/v1/sessions", #"{"id":"idem","agent":"a"}"#, key: "create-1")
        #expect(created.status == .created)
        let appended = try await Self.post(first.port, "/v1/sessions/idem/items", Self.item, key: "append-1")
        #expect(appended.status == .created)
        try await first.kill()

        let second = try await ServeProcess.start(arguments)
        let createdAgain = try await Self.post(
            second.port,
            "/v1/sessions",
            #"{"id":"idem","agent":"a"}"#,
            key: "create-1"
        )
        #expect(createdAgain.status == .created, "not 409: the first answer, \(createdAgain.text)")
        #expect(createdAgain.text == created.text)
        #expect(createdAgain.headers["Idempotent-Replayed"] == ["true"])
        let appendedAgain = try await Self.post(second.port, "/v1/sessions/idem/items", Self.item, key: "append-1")
        #expect(appendedAgain.text == appended.text && appendedAgain.headers["Idempotent-Replayed"] == ["true"])
        #expect(try await Self.itemCount(port: second.port, session: "idem") == 1, "the retried append stored nothing")
        let reused = try await Self.post(
            second.port,
            "/v1/sessions/idem/items",
            #"{"content":{"n":2}}"#,
            key: "append-1"
        )
        #expect(reused.status == .unprocessableEntity)
        #expect(try await second.terminate() == 0)
    }

    @Test func aRetrySentToAnotherServerOnOnePostgresDatabaseIsReplayed() async throws {
        let store =
            try await PostgresTestServer.require() + "?schema=" + PostgresTestServer.makeSchemaName("idempotency")
        let one = try await ServeProcess.start(["--store", store])
        let two = try await ServeProcess.start(["--store", store])
        let created = try await Self.post(one.port, "/v1/sessions", #"{"agent":"a"}"#, key: "create-1")
        #expect(created.status == .created)
        let retried = try await Self.post(two.port, "/v1/sessions", #"{"agent":"a"}"#, key: "create-1")
        #expect(retried.status == .created && retried.text == created.text, "the generated id is not made twice")
        #expect(retried.headers["Idempotent-Replayed"] == ["true"])
        let id = try #require(try JSONObject(parsingObject: created.text, field: "answer")["id"]?.stringValue)
        let other = try await Self.post(two.port, "/v1/sessions", #"{"agent":"b"}"#, key: "create-1")
        #expect(other.status == .unprocessableEntity, "another request with the key, on either server")

        // One append sent to both servers at once: stored once, whichever server claimed it.
        async let left = Self.post(one.port, "/v1/sessions/\(id)/items", Self.item, key: "append-1")
        async let right = Self.post(two.port, "/v1/sessions/\(id)/items", Self.item, key: "append-1")
        let answers = try await [left, right]
        #expect(answers.allSatisfy { $0.status == .created || $0.status == .conflict }, "\(answers.map(\.status))")
        let answered = try #require(answers.first { $0.status == .created })
        let settled = try await Self.post(two.port, "/v1/sessions/\(id)/items", Self.item, key: "append-1")
        #expect(settled.text == answered.text && settled.headers["Idempotent-Replayed"] == ["true"], "\(settled.text)")
        #expect(try await Self.itemCount(port: one.port, session: id) == 1, "the append is stored once")
        #expect(try await one.terminate() == 0)
        #expect(try await two.terminate() == 0)
    }

    @Test func answersOfAnEncryptedAppAreSealedInTheFileAndStillReplayed() async throws {
        let folder = try CLIRunner()
        let keys = ["AGENT_SESSIONS_ENCRYPTION_KEYS": EncryptionCommandsTests.entry("k1", fill: 1)]
        let server = try await ServeProcess.start(
            ["--db", folder.databasePath, "--encrypt-app", "default"],
            environment: keys
        )
        let marker = EncryptionCommandsTests.marker
        let body = #"{"id":"vault-1","state":{"note":"\#(marker)"}}"#
        let created = try await Self.post(server.port, "/v1/sessions", body, key: "create-1")
        #expect(created.status == .created && created.text.contains(marker), "the answer holds the state")
        let replayed = try await Self.post(server.port, "/v1/sessions", body, key: "create-1")
        #expect(replayed.text == created.text && replayed.headers["Idempotent-Replayed"] == ["true"])
        #expect(try await server.terminate() == 0)
        let files = [folder.databasePath, folder.databasePath + "-wal"]
        let bytes = try files.filter { FileManager.default.fileExists(atPath: $0) }.reduce(into: Data()) {
            $0 += try Data(contentsOf: URL(fileURLWithPath: $1))
        }
        #expect(bytes.range(of: Data("create-1".utf8)) != nil, "the answer was kept in the file")
        #expect(bytes.range(of: Data(marker.utf8)) == nil, "neither the session nor its kept answer is in the clear")
    }

    static let item = #"{"content":{"role":"user","content":"hi"}}"#

    /// A POST with an `Idempotency-Key`.
    static func post(_ port: Int, _ path: String, _ body: String, key: String) async throws -> HTTPAnswer {
        try await HTTPTestClient.send(port: port, .POST, path, body: body, headers: [("Idempotency-Key", key)])
    }

    /// How many items the session holds.
    static func itemCount(port: Int, session: String) async throws -> Int {
        let answer = try await HTTPTestClient.send(port: port, .GET, "/v1/sessions/\(session)/items")
        return try #require(try JSONObject(parsingObject: answer.text, field: "answer")["items"]?.arrayValue).count
    }
}

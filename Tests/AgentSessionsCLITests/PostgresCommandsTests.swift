import AgentSessions
import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import TestEnvironments
import Testing

/// The command-line tool and `serve` on PostgreSQL, as real processes on the test run's server.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PostgresCommandsTests {
    /// The test run's server with a schema of this test's own.
    private func storeURL(_ tag: String) async throws -> String {
        try await PostgresTestServer.require() + "?schema=" + PostgresTestServer.makeSchemaName(tag)
    }

    @Test func commandsWorkOnAPostgresURL() async throws {
        let store = try await storeURL("cli")
        let created = try await CLIRunner.run(["create", "--id", "pg-1", "--agent", "planner", "--store", store])
        #expect(created.status == 0, "\(created.stderr)")
        let appended = try await CLIRunner.run(
            ["items", "append", "pg-1", #"{"role":"user","content":"hi"}"#],
            environment: ["AGENT_SESSIONS_STORE": store]
        )
        #expect(appended.status == 0, "\(appended.stderr)")
        let listed = try await CLIRunner.run(["items", "list", "pg-1", "--json", "--store", store])
        #expect(listed.stdout.contains(#""content": "hi""#), "\(listed.stderr)")
        let missing = try await CLIRunner.run(["get", "nobody", "--store", store])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("not_found"))
    }

    @Test func serveWithoutItsDatabaseStartsLogsAndAnswers503() async throws {
        // Port 1: nothing listens there, so the database is down from the start.
        let server = try await ServeProcess.start(["--store", "postgres://agent:hunter2@127.0.0.1:1/sessions"])
        let health = try await HTTPTestClient.send(port: server.port, .GET, "/healthz")
        #expect(health.status == .serviceUnavailable)
        let body = try JSONObject(parsingObject: health.text, field: "body")
        #expect(body["status"] == "unavailable" && body["store"] == "postgres")
        let call = try await HTTPTestClient.send(port: server.port, .GET, "/v1/sessions/s1")
        #expect(call.status == .serviceUnavailable)
        #expect(!call.text.contains("hunter2") && !health.text.contains("hunter2"))
        var log = server.log
        for _ in 0..<300 where !log.contains("PostgreSQL cannot be reached; retrying") {
            try await Task.sleep(for: .milliseconds(100))
            log = server.log
        }
        #expect(log.contains("PostgreSQL cannot be reached; retrying"))
        #expect(!log.contains("hunter2"))
        #expect(try await server.terminate() == 0)
    }

    @Test("three servers on one database: every acknowledged item once, in one order all three report")
    func threeServersShareOneDatabase() async throws {
        let store = try await storeURL("scaleout")
        var servers: [ServeProcess] = []
        for _ in 0..<3 { servers.append(try await ServeProcess.start(["--store", store])) }
        try await appendThroughAll(servers.map(\.port))
        try await cachedAgentsSeeOtherServersWrites(servers.map(\.port))
        try await eventsIncludeOtherServersChanges(servers.map(\.port))
        for server in servers { #expect(try await server.terminate() == 0) }
    }

    /// An event stream opened on one server shows what is appended, changed, popped and cleared
    /// through another.
    private func eventsIncludeOtherServersChanges(_ ports: [Int]) async throws {
        let created = try await HTTPTestClient.send(port: ports[0], .POST, "/v1/sessions", body: #"{"id":"watched"}"#)
        #expect(created.status == .created)
        try await EventStreamClient.withStream(port: ports[0], path: "/v1/sessions/watched/events") { status, events in
            #expect(status == .ok)
            #expect(try await events.nextEvent()?.name == "session")
            let appended = try await HTTPTestClient.send(
                port: ports[1],
                .POST,
                "/v1/sessions/watched/items",
                body: #"{"content":{"from":"server 2"}}"#
            )
            #expect(appended.status == .created)
            let item = try await events.nextEvent()
            #expect(item?.name == "item" && item?.id == "1", "\(String(describing: item))")
            #expect(item?.data.contains("server 2") == true)
            let patched = try await HTTPTestClient.send(
                port: ports[2],
                .PATCH,
                "/v1/sessions/watched",
                body: #"{"phase":"planning"}"#
            )
            #expect(patched.status == .ok)
            #expect(try await events.nextEvent()?.name == "phase")
            try await removalsReachTheStream(ports, &events)
        }
    }

    /// Pops and clears made through any server reach a stream on the first as `items_removed`
    /// and `items_cleared`, as local ones do, and each once: a duplicate would come before the
    /// next step's event.
    private func removalsReachTheStream(_ ports: [Int], _ events: inout EventReader) async throws {
        let items = "/v1/sessions/watched/items"
        let appended = try await HTTPTestClient.send(
            port: ports[1],
            .POST,
            items,
            body: #"{"items":[{"content":{"n":2}},{"content":{"n":3}},{"content":{"n":4}}]}"#
        )
        #expect(appended.status == .created, "\(appended.text)")
        #expect(try await events.nextEvents(3).map(\.id) == ["2", "3", "4"])
        let steps: [(port: Int, method: HTTPMethod, path: String, event: String, data: String)] = [
            (ports[2], .DELETE, items + "/last", "items_removed", #"{"sequences":[4]}"#),  // another server's pop
            (ports[0], .DELETE, items + "/last", "items_removed", #"{"sequences":[3]}"#),  // this server's pop
            (ports[1], .DELETE, items, "items_cleared", #"{"count":2}"#),  // another server's clear
            (ports[2], .POST, items, "item", #"{"n":5}"#),
            (ports[0], .DELETE, items, "items_cleared", #"{"count":1}"#),  // this server's clear
            (ports[1], .POST, items, "item", #"{"n":6}"#),
        ]
        for step in steps {
            let body = step.method == .POST ? #"{"content":\#(step.data)}"# : nil
            let answer = try await HTTPTestClient.send(port: step.port, step.method, step.path, body: body)
            #expect(answer.status.code < 300, "\(step.method) \(step.path) through \(step.port): \(answer.text)")
            let event = try await events.nextEvent()
            // An item event carries the whole item, its content as sent; the others only their payload.
            let data = step.event == "item" ? event?.data.contains(step.data) == true : event?.data == step.data
            #expect(
                event?.name == step.event && data,
                "\(step.method) \(step.path) through \(step.port) gave \(String(describing: event))"
            )
        }
    }

    /// A server's live agent, cached after a first turn, answers its next turn with what was
    /// appended through another server in between.
    private func cachedAgentsSeeOtherServersWrites(_ ports: [Int]) async throws {
        _ = try await ChatTurn.send(port: ports[0], session: "talk", "My name is Ada")
        let appended = try await HTTPTestClient.send(
            port: ports[1],
            .POST,
            "/v1/sessions/talk/items",
            body: #"{"items":[{"content":{"role":"user","content":"I moved to Lyon"}},"#
                + #"{"content":{"role":"assistant","content":"Noted"}}]}"#
        )
        #expect(appended.status == .created, "\(appended.text)")
        let next = try await ChatTurn.send(port: ports[0], session: "talk", "Where do I live?")
        #expect(
            next.status["conversation_length"] == 6,
            "the two turns, the other server's two items, this turn"
        )
        #expect(
            next.response.contains("I remember 4 earlier messages"),
            "the cached agent re-read the session: \(next.response)"
        )
    }

    /// 30 clients append through every server; every server then reports the same items.
    private func appendThroughAll(_ ports: [Int]) async throws {
        let sessions = ["shared-a", "shared-b", "shared-c"]
        for (index, id) in sessions.enumerated() {
            let created = try await HTTPTestClient.send(
                port: ports[index],
                .POST,
                "/v1/sessions",
                body: #"{"id":"\#(id)"}"#
            )
            #expect(created.status == .created, "\(created.text)")
        }
        // 30 clients, each appending 6 items, round robin over the servers and the sessions.
        let acknowledged = try await withThrowingTaskGroup(of: [(String, Int64, String)].self) { group in
            for client in 0..<30 {
                group.addTask {
                    var acks: [(String, Int64, String)] = []
                    for round in 0..<6 {
                        let port = ports[(client + round) % ports.count]
                        let id = sessions[(client + round) % sessions.count]
                        let tag = "c\(client)-r\(round)"
                        let answer = try await HTTPTestClient.send(
                            port: port,
                            .POST,
                            "/v1/sessions/\(id)/items",
                            body: #"{"content":{"tag":"\#(tag)"}}"#
                        )
                        guard answer.status == .created else {
                            throw CLIRunnerError("append answered \(answer.status): \(answer.text)")
                        }
                        let sequences = try JSONObject(parsingObject: answer.text, field: "body")["sequences"]
                        let sequence = try #require(sequences?.arrayValue?.first?.intValue)
                        acks.append((id, sequence, tag))
                    }
                    return acks
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(acknowledged.count == 180)
        for id in sessions {
            let acks = acknowledged.filter { $0.0 == id }
            var views: [[String]] = []
            for port in ports {
                let answer = try await HTTPTestClient.send(port: port, .GET, "/v1/sessions/\(id)/items")
                let items = try #require(try JSONObject(parsingObject: answer.text, field: "body")["items"]?.arrayValue)
                let sequences = items.compactMap { $0.objectValue?["seq"]?.intValue }
                #expect(sequences == Array(1...Int64(acks.count)), "gapless, each number once, through port \(port)")
                views.append(items.compactMap { $0.objectValue?["content"]?.objectValue?["tag"]?.stringValue })
            }
            #expect(views.allSatisfy { $0 == views[0] }, "all three servers report one order")
            #expect(Set(views[0]) == Set(acks.map(\.2)), "every acknowledged item is there")
            for (sequence, tag) in acks.map({ ($0.1, $0.2) }) {
                #expect(views[0][Int(sequence) - 1] == tag, "item \(sequence) is the one acknowledged with it")
            }
        }
    }
}

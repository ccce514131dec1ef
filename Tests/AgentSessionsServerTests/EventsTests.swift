import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOHTTP1
import Testing

/// `GET /v1/sessions/{id}/events` over a live server, read as a browser would.
@Suite(.timeLimit(.minutes(10))) struct EventsTests {
    @Test func everyChangeArrivesInOrderAndDeletionEndsTheStream() async throws {
        let api = TestAPI()
        try await api.test(.live) { client in
            let port = try #require(client.client.port)
            _ = try await client.createSession(#"{"id": "live"}"#)
            try await EventStreamClient.withStream(port: port, path: "/v1/sessions/live/events") { status, events in
                #expect(status == .ok)
                let opening = try #require(try await events.nextEvent())
                #expect(opening.name == "session")
                let documented = OpenAPIOperations(OpenAPIDocument.template).statuses["GET /v1/sessions/{id}/events"]
                #expect(documented?.contains(200) == true)
                #expect(try JSONObject(parsingObject: opening.data, field: "data")["id"] == "live")

                try await client.send(.post, "/v1/sessions/live/items", #"{"content": {"text": "one"}}"#)
                let first = try #require(try await events.nextEvent())
                #expect(first.name == "item" && first.id == "1")
                #expect(first.data.contains(#"{"text": "one"}"#), "the item's content goes out as it was sent")

                try await client.send(
                    .post,
                    "/v1/sessions/live/items",
                    #"{"items": [{"content": {"n": 2}}, {"content": {"n": 3}}]}"#
                )
                #expect(try await events.nextEvents(2).map(\.id) == ["2", "3"])

                try await client.send(.patch, "/v1/sessions/live", #"{"phase": "planning"}"#)
                let phase = try #require(try await events.nextEvent())
                #expect(phase.name == "phase")
                let transition = try JSONObject(parsingObject: phase.data, field: "data")
                #expect(transition["from"] == "initializing" && transition["to"] == "planning")

                try await client.send(.patch, "/v1/sessions/live", #"{"metadata": {"ticket": 7}}"#)
                let changed = try #require(try await events.nextEvent())
                #expect(changed.name == "session")
                #expect(try JSONObject(parsingObject: changed.data, field: "data")["metadata"] == ["ticket": 7])

                try await client.send(.delete, "/v1/sessions/live/items/last")
                let removed = try #require(try await events.nextEvent())
                #expect(removed.name == "items_removed" && removed.data == #"{"sequences":[3]}"#)

                try await client.send(.delete, "/v1/sessions/live/items")
                let cleared = try #require(try await events.nextEvent())
                #expect(cleared.name == "items_cleared" && cleared.data == #"{"count":2}"#)

                try await client.send(.post, "/v1/sessions/live/finalize", #"{"outcome": "completed"}"#)
                #expect(try await events.nextEvents(2).map(\.name) == ["phase", "finalized"])

                try await client.send(.delete, "/v1/sessions/live")
                let deleted = try #require(try await events.nextEvent())
                #expect(deleted.name == "deleted")
                #expect(try await events.next() == nil, "the stream ends with the session")
            }
        }
    }

    @Test func aReconnectingClientGetsTheItemsAfterItsLastEventID() async throws {
        let api = TestAPI()
        try await api.test(.live) { client in
            let port = try #require(client.client.port)
            _ = try await client.createSession(#"{"id": "again"}"#)
            for number in 1...4 {
                try await client.send(.post, "/v1/sessions/again/items", #"{"content": {"n": \#(number)}}"#)
            }
            let replayed = try await EventStreamClient.withStream(
                port: port,
                path: "/v1/sessions/again/events",
                headers: [("Last-Event-ID", "2")]
            ) { _, events in try await events.nextEvents(3) }
            #expect(replayed.map(\.name) == ["session", "item", "item"])
            #expect(replayed.map(\.id) == [nil, "3", "4"])

            let fromQuery = try await EventStreamClient.withStream(
                port: port,
                path: "/v1/sessions/again/events?after=3"
            ) {
                _,
                events in try await events.nextEvents(2)
            }
            #expect(fromQuery.map(\.id) == [nil, "4"])
        }
    }

    @Test func manyAppendsArriveOnceEachInSequence() async throws {
        let api = TestAPI()
        try await api.test(.live) { client in
            let port = try #require(client.client.port)
            _ = try await client.createSession(#"{"id": "busy"}"#)
            try await EventStreamClient.withStream(port: port, path: "/v1/sessions/busy/events") { _, events in
                _ = try await events.nextEvent()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        group.addTask {
                            for number in 0..<25 {
                                try await client.send(
                                    .post,
                                    "/v1/sessions/busy/items",
                                    #"{"content": {"w": \#(writer), "n": \#(number)}}"#
                                )
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let received = try await events.nextEvents(100)
                #expect(received.map(\.id) == (1...100).map { String($0) })
            }
        }
    }

    @Test func anIdleStreamSendsHeartbeats() async throws {
        let api = TestAPI(configuration: ServerConfiguration(eventHeartbeat: .milliseconds(20)))
        try await api.test(.live) { client in
            let port = try #require(client.client.port)
            _ = try await client.createSession(#"{"id": "quiet"}"#)
            try await EventStreamClient.withStream(port: port, path: "/v1/sessions/quiet/events") { _, events in
                let opening = try await events.next()
                let heartbeat = try await events.next()
                #expect(opening?.name == "session")
                #expect(heartbeat == ReceivedEvent(name: ":", id: nil, data: "heartbeat"))
            }
        }
    }

    @Test func unknownSessionsBadParametersAndOtherAppsAreRefused() async throws {
        let keys = try APIKeyRing(parsing: "alpha=key-alpha-0123456789\nbeta=key-beta-0123456789", source: "test")
        let api = TestAPI(configuration: ServerConfiguration(apiKeys: keys))
        try await api.test(.live) { client in
            let port = try #require(client.client.port)
            _ = try await client.createSession(#"{"id": "mine"}"#, headers: [.apiKey: "key-alpha-0123456789"])
            let documented = OpenAPIOperations(OpenAPIDocument.template).statuses["GET /v1/sessions/{id}/events"] ?? []
            let cases: [(String, String, HTTPResponseStatus)] = [
                ("/v1/sessions/mine/events", "key-beta-0123456789", .notFound),
                ("/v1/sessions/nobody/events", "key-alpha-0123456789", .notFound),
                ("/v1/sessions/mine/events?after=-1", "key-alpha-0123456789", .unprocessableEntity),
                ("/v1/sessions/mine/events?since=1", "key-alpha-0123456789", .unprocessableEntity),
            ]
            for (path, key, expected) in cases {
                let status = try await EventStreamClient.withStream(
                    port: port,
                    path: path,
                    headers: [("X-API-Key", key)]
                ) {
                    status,
                    _ in status
                }
                #expect(status == expected, "\(path)")
                #expect(documented.contains(Int(status.code)), "\(path) answered an undocumented \(status)")
            }
        }
    }

    @Test func gracefulShutdownEndsOpenStreams() async throws {
        let api = TestAPI()
        let reading = try await api.test(.live) { client in
            let port = try #require(client.client.port)
            _ = try await client.createSession(#"{"id": "open"}"#)
            let opened = AsyncStream.makeStream(of: Void.self)
            let reading = Task {
                // Ends the wait below also when the stream never opens: `reading` then throws why.
                defer { opened.continuation.finish() }
                return try await EventStreamClient.withStream(port: port, path: "/v1/sessions/open/events") {
                    _,
                    events in
                    _ = try await events.nextEvent()
                    opened.continuation.yield()
                    return try await events.nextEvent()
                }
            }
            for await _ in opened.stream { break }
            return reading
        }
        #expect(try await reading.value == nil, "the stream ended without another event when the server stopped")
    }
}

import AgentSessions
import AgentSessionsClient
import AgentSessionsSQLite
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTestSupport
import Testing

/// `HTTPSessionStore.events(of:)`: typed events, reconnection without loss or repetition,
/// cancellation.
@Suite(.timeLimit(.minutes(5))) struct HTTPSessionStoreEventsTests {
    @Test func aReaderWhoseConnectionDropsReceivesEachOfAThousandItemsOnceInOrder() async throws {
        try await TemporaryDirectory.with { directory in
            try await LoopbackServer.with { servers in
                let sqlite = try SQLiteSessionStore(configuration: .init(location: .file(directory + "/s.sqlite")))
                let url = try await servers.start(over: sqlite)
                let upstream = try #require(Int(url.split(separator: ":").last ?? ""))
                let writer = try HTTPSessionStore(configuration: .init(baseURL: url, timeout: patientTimeout))
                let key = try await writer.create(NewSession(id: "busy")).key
                // Each connection of the reader passes 20 KB of events, then drops.
                try await ScriptedServer.with({ connection, _ in
                    try await ScriptedServer.relayStream(connection, to: upstream, cutsAfter: 20_000)
                }) { port in
                    let reader = try HTTPSessionStore(
                        configuration: .init(
                            baseURL: "http://127.0.0.1:\(port)",
                            timeout: patientTimeout,
                            retries: 1_000
                        )
                    )
                    let received = Task {
                        var sequences: [Int64] = []
                        var connections = 0
                        for try await event in reader.events(of: key, after: 0) {
                            switch event {
                            case .session: connections += 1
                            case .item(let item): sequences.append(item.sequence)
                            default: break
                            }
                            if sequences.count == 1_000 { break }
                        }
                        return (sequences, connections)
                    }
                    for index in 0..<1_000 {
                        try await writer.append(
                            [NewItem(["n": .int(Int64(index)), "pad": .string(String(repeating: "x", count: 100))])],
                            to: key
                        )
                    }
                    let (sequences, connections) = try await received.value
                    #expect(sequences == Array(1...1_000), "every item once, in order")
                    #expect(connections > 2, "the connection dropped (\(connections) connections)")
                }
            }
        }
    }

    @Test func eventsTellEveryKindOfChangeAndEndWithTheDeletion() async throws {
        try await LoopbackServer.with { servers in
            let url = try await servers.start(over: InMemorySessionStore())
            let store = try HTTPSessionStore(configuration: .init(baseURL: url, timeout: patientTimeout))
            let key = try await store.create(NewSession(id: "s1")).key
            let opened = AsyncStream.makeStream(of: Void.self)
            let events = Task {
                var names: [String] = []
                for try await event in store.events(of: key) {
                    opened.continuation.finish()
                    switch event {
                    case .session: names.append("session")
                    case .item(let item): names.append("item \(item.sequence)")
                    case .phase(let transition, _): names.append("phase \(transition.to)")
                    case .finalized(let session): names.append("finalized \(session.outcome?.rawValue ?? "")")
                    case .itemsRemoved(let sequences): names.append("removed \(sequences)")
                    case .itemsCleared(let count): names.append("cleared \(count)")
                    case .deleted: names.append("deleted")
                    }
                }
                return names
            }
            // The stream is open once the first event (the session as it is) came: the
            // changes below are made after it, so each of them is an event.
            for await _ in opened.stream {}
            try await store.append([NewItem(["n": 1]), NewItem(["n": 2])], to: key)
            _ = try await store.popLastItem(of: key)
            try await store.clearItems(of: key)
            try await store.update(key, SessionUpdate(phase: "planning"))
            try await store.finalize(key, outcome: "completed")
            try await store.delete(key)
            let names = try await events.value
            #expect(names.first == "session")
            #expect(names.last == "deleted")
            #expect(names.contains("removed [2]") && names.contains("cleared 1"), "\(names)")
            #expect(names.contains("phase planning") && names.contains("finalized completed"), "\(names)")
        }
    }

    @Test func cancellingTheReaderEndsTheStreamAndItsConnection() async throws {
        let relayEnded = AsyncStream.makeStream(of: Void.self)
        try await LoopbackServer.with { servers in
            // Heartbeats often, so that the relay soon writes to the closed connection and ends.
            var configuration = ServerConfiguration()
            configuration.eventHeartbeat = .milliseconds(100)
            let url = try await servers.start(over: InMemorySessionStore(), configuration: configuration)
            let upstream = try #require(Int(url.split(separator: ":").last ?? ""))
            let writer = try HTTPSessionStore(configuration: .init(baseURL: url, timeout: patientTimeout))
            let key = try await writer.create(NewSession(id: "s1")).key
            try await ScriptedServer.with({ connection, _ in
                // Ends only when the reader's connection closes (the session lives on).
                defer { relayEnded.continuation.yield() }
                try await ScriptedServer.relayStream(connection, to: upstream, cutsAfter: .max)
            }) { port in
                let reader = try HTTPSessionStore(
                    configuration: .init(baseURL: "http://127.0.0.1:\(port)", timeout: patientTimeout)
                )
                let opened = AsyncStream.makeStream(of: Void.self)
                let task = Task {
                    var events = 0
                    for try await event in reader.events(of: key) {
                        events += 1
                        if case .session = event { opened.continuation.yield() }
                    }
                    return events
                }
                var openedEvents = opened.stream.makeAsyncIterator()
                await openedEvents.next()
                task.cancel()
                #expect(try await task.value == 1, "the sequence ends when its task is cancelled")
                var ended = relayEnded.stream.makeAsyncIterator()
                await ended.next()  // bounded by the suite's time limit
            }
        }
    }
}

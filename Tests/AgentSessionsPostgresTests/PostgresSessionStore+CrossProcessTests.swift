import AgentSessions
import AgentSessionsPostgres
import AgentSessionsTesting
import Testing

/// Several independent clients, each standing for one server process with its own pool, on one
/// database: the store's guarantees must hold across them, not only across tasks of one.
@Suite("PostgresSessionStore across processes", .serialized)
struct PostgresSessionStoreCrossProcessTests {
    @Test("concurrent appends through four clients: every acknowledged item once, gapless, one order for all")
    func concurrentAppends() async throws {
        try await PostgresTestDatabase.with("appends", clients: 4) { database, clients in
            let stores = try clients.map { try database.store(on: $0) }
            let keys = (0..<3).map { SessionKey(SessionID(stringLiteral: "shared-\($0)")) }
            for key in keys { try await stores[0].create(NewSession(id: key.id)) }
            // 24 writers, 6 per client, each appending 8 batches of 1 to 3 items to every session.
            let acknowledged = try await withThrowingTaskGroup(of: [(SessionKey, Int64, String)].self) { group in
                for writer in 0..<24 {
                    let store = stores[writer % stores.count]
                    group.addTask {
                        var acks: [(SessionKey, Int64, String)] = []
                        for batch in 0..<8 {
                            for key in keys {
                                let tags = (0...(batch % 3)).map { "w\(writer)-b\(batch)-i\($0)" }
                                let items = tags.map { NewItem(["tag": .string($0)]) }
                                let sequences = try await store.append(items, to: key)
                                acks += zip(sequences, tags).map { (key, $0.0, $0.1) }
                            }
                        }
                        return acks
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            for key in keys {
                let acks = acknowledged.filter { $0.0 == key }
                var views: [[String]] = []
                for store in stores {
                    let items = try await store.items(of: key, .all)
                    #expect(items.map(\.sequence) == Array(1...Int64(acks.count)), "gapless, each number once")
                    let tags = try items.map { try $0.content.object()["tag"]?.stringValue ?? "" }
                    #expect(Set(tags).count == tags.count, "no item twice")
                    views.append(tags)
                }
                #expect(views.allSatisfy { $0 == views[0] }, "every client sees one order")
                let bySequence = Dictionary(uniqueKeysWithValues: acks.map { ($0.1, $0.2) })
                for (offset, tag) in views[0].enumerated() {
                    #expect(bySequence[Int64(offset + 1)] == tag, "the acknowledged number is the item's")
                }
                let session = try await stores[3].requireSession(key)
                #expect(session.lastSequence == Int64(acks.count))
            }
        }
    }

    @Test("creates of one id racing through four clients: one success, three already_exists")
    func racingCreates() async throws {
        try await PostgresTestDatabase.with("creates", clients: 4) { database, clients in
            let stores = try clients.map { try database.store(on: $0) }
            let ids = (0..<12).map { SessionID(stringLiteral: "race-\($0)") }
            let outcomes = try await withThrowingTaskGroup(of: (SessionID, Bool).self) { group in
                for id in ids {
                    for store in stores {
                        group.addTask {
                            do {
                                try await store.create(NewSession(id: id, agentName: "racer"))
                                return (id, true)
                            } catch let error as SessionStoreError where error.code == .alreadyExists {
                                return (id, false)
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for id in ids {
                let wins = outcomes.filter { $0.0 == id && $0.1 }.count
                let losses = outcomes.filter { $0.0 == id && !$0.1 }.count
                #expect(wins == 1 && losses == 3, "id \(id): \(wins) creates, \(losses) already_exists")
            }
        }
    }

    @Test("getOrCreate racing through four clients creates once and returns that session to all")
    func racingGetOrCreate() async throws {
        try await PostgresTestDatabase.with("getorcreate", clients: 4) { database, clients in
            let stores = try clients.map { try database.store(on: $0) }
            let results = try await withThrowingTaskGroup(of: (Session, Bool).self) { group in
                for store in stores {
                    group.addTask { try await store.getOrCreate(NewSession(id: "chat-1", agentName: "chat")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter(\.1).count == 1)
            #expect(Set(results.map(\.0.createdAt)).count == 1)
        }
    }

    @Test("a stale expected version is a conflict whichever client wrote last")
    func staleVersions() async throws {
        try await PostgresTestDatabase.with("versions", clients: 3) { database, clients in
            let stores = try clients.map { try database.store(on: $0) }
            for round in 0..<6 {
                let key = SessionKey(SessionID(stringLiteral: "v-\(round)"))
                let version = try await stores[0].create(NewSession(id: key.id)).version
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for (index, store) in stores.enumerated() {
                        group.addTask {
                            do {
                                let update = SessionUpdate(metadata: ["writer": .int(Int64(index))])
                                try await store.update(key, update, expectedVersion: version)
                                return true
                            } catch let error as SessionStoreError where error.code == .versionConflict {
                                return false
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 1, "round \(round): one writer wins")
                let stored = try await stores[2].requireSession(key)
                #expect(stored.version == version + 1)
                let late = round % stores.count
                await #expect(throws: SessionStoreError(.versionConflict, "")) {
                    try await stores[late].update(key, SessionUpdate(isResumeReady: true), expectedVersion: version)
                }
            }
        }
    }

    @Test("one item id appended through several clients at once is stored once")
    func itemIDRetriesAcrossClients() async throws {
        try await PostgresTestDatabase.with("itemids", clients: 3) { database, clients in
            let stores = try clients.map { try database.store(on: $0) }
            let key = try await stores[0].create(NewSession(id: "retries")).key
            let sequences = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for attempt in 0..<9 {
                    let store = stores[attempt % stores.count]
                    group.addTask {
                        try await store.append(
                            [NewItem(["n": 1], itemID: "msg-1"), NewItem(["n": .int(Int64(attempt))])],
                            to: key
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(sequences.map { $0[0] }).count == 1, "every retry gets the first number")
            let items = try await stores[1].items(of: key, .all)
            #expect(items.filter { $0.itemID == "msg-1" }.count == 1)
            #expect(items.map(\.sequence) == Array(1...10))
        }
    }

    @Test("concurrent updates of the app's shared state through several clients keep every key")
    func sharedStateAcrossClients() async throws {
        try await PostgresTestDatabase.with("shared", clients: 3) { database, clients in
            let stores = try clients.map { try database.store(on: $0) }
            let key = try await stores[0].create(NewSession(id: "s")).key
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<12 {
                    let store = stores[writer % stores.count]
                    group.addTask {
                        try await store.update(key, SessionUpdate(state: ["app:k\(writer)": .int(Int64(writer))]))
                    }
                }
                try await group.waitForAll()
            }
            let state = try await stores[2].requireSession(key).state
            #expect((0..<12).allSatisfy { state["app:k\($0)"] == .int(Int64($0)) })
        }
    }
}

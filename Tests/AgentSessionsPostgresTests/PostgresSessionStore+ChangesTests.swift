import AgentSessions
import AgentSessionsPostgres
import AgentSessionsTesting
import Testing

/// Change notices between two store instances (two servers) on one database.
@Suite("PostgresSessionStore change notices", .serialized)
struct PostgresSessionStoreChangesTests {
    @Test("a listener hears every change, and the pops and clears of other stores but not its own")
    func removalNoticesAcrossStores() async throws {
        try await PostgresTestDatabase.with("notices", clients: 2) { database, clients in
            let writer = try database.store(on: clients[0])
            let listener = try database.store(on: clients[1])
            try await listener.prepareSchema()
            let (notices, sink) = AsyncStream.makeStream(of: SessionChange.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await listener.listenForSessionChanges { sink.yield($0) } }
                defer { group.cancelAll() }
                var heard = notices.makeAsyncIterator()
                try await waitUntilListening(writer: writer, &heard)

                let key = SessionKey("watched")
                try await writer.create(NewSession(id: key.id))
                try await writer.append((1...3).map { NewItem(["n": .int(Int64($0))]) }, to: key)
                #expect(try await writer.popLastItem(of: key)?.sequence == 3)
                #expect(try await listener.popLastItem(of: key)?.sequence == 2)
                #expect(try await writer.clearItems(of: key) == 1)
                var changes: [SessionChange.Kind] = []
                while changes.count < 7, let change = await heard.next() {
                    if change.key == key { changes.append(change.kind) }
                }
                #expect(
                    changes == [
                        .changed, .changed,  // create, append
                        .changed, .itemsRemoved([3]),  // the writer's pop
                        .changed,  // the listener's own pop: no removal notice
                        .changed, .itemsCleared(count: 1),  // the writer's clear
                    ]
                )
            }
        }
    }

    @Test(
        "run() as a service hands other stores' changes to changeNotices, which end when it stops",
        .timeLimit(.minutes(1))
    )
    func runHandsChangesToTheNotices() async throws {
        try await PostgresTestDatabase.with("service", clients: 2) { database, clients in
            let writer = try database.store(on: clients[0])
            let listener = try database.store(on: clients[1])
            let running = Task { try await listener.run() }
            var heard = listener.changeNotices.makeAsyncIterator()
            try await waitUntilListening(writer: writer, &heard)
            try await expectHeard(creating: SessionKey("served"), by: writer, &heard)
            try await stop(running, draining: &heard)
        }
    }

    @Test(
        "a store with a pool of its own runs it in run(): it works while run() runs, hears other stores' changes, and stops with it",
        .timeLimit(.minutes(1))
    )
    func aPoolingStoreRunsItsPool() async throws {
        try await PostgresTestDatabase.with("pooling") { database, clients in
            let writer = try database.store(on: clients[0])
            let pooled = try PostgresSessionStore(
                pooling: database.endpoint,
                configuration: .init(schema: database.schema)
            )
            let running = Task { try await pooled.run() }
            var heard = pooled.changeNotices.makeAsyncIterator()
            try await waitUntilListening(writer: writer, &heard)
            let mine = try await pooled.create(NewSession(id: "pooled"))
            #expect(try await writer.session(mine.key)?.id == mine.id, "written through the store's own pool")
            try await expectHeard(creating: SessionKey("elsewhere"), by: writer, &heard)
            try await stop(running, draining: &heard)
        }
    }

    /// Creates a session through `writer` and expects its notice among those `heard`.
    private func expectHeard(
        creating key: SessionKey,
        by writer: PostgresSessionStore,
        _ heard: inout AsyncStream<SessionChange>.AsyncIterator
    ) async throws {
        try await writer.create(NewSession(id: key.id))
        var change = await heard.next()
        while let seen = change, seen.key != key { change = await heard.next() }
        #expect(change == SessionChange(key: key, kind: .changed))
    }

    /// Cancels a running store and reads its notices to their end, which comes only when run()
    /// has finished them (else the time limit fails the test).
    private func stop(
        _ running: Task<Void, any Error>,
        draining heard: inout AsyncStream<SessionChange>.AsyncIterator
    ) async throws {
        running.cancel()
        try await running.value
        while await heard.next() != nil {}
    }

    /// Writes to a session of its own until the listener hears of one, so that everything
    /// written afterwards is heard.
    private func waitUntilListening(
        writer: PostgresSessionStore,
        _ heard: inout AsyncStream<SessionChange>.AsyncIterator
    ) async throws {
        let ping = SessionKey("ping")
        try await writer.create(NewSession(id: ping.id))
        let pinging = Task {
            while !Task.isCancelled {
                _ = try await writer.update(ping, SessionUpdate(metadata: ["at": .string("\(ContinuousClock.now)")]))
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        defer { pinging.cancel() }
        while let change = await heard.next(), change.key != ping {}
        pinging.cancel()
        _ = await pinging.result
    }
}

import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    func appendAndReadLimits() async throws {
        let key = try await create("chat").key
        #expect(try await store.items(of: key, .all).isEmpty)
        let first = try await store.append(messages(0..<3), to: key)
        #expect(first == [1, 2, 3])
        clock.advance(by: .seconds(1))
        let second = try await store.append(messages(3..<10), to: key)
        #expect(second == Array(4...10))
        #expect(try await store.append([], to: key).isEmpty)

        let all = try await store.items(of: key, .all)
        #expect(all.map(\.sequence) == Array(1...10))
        #expect(try contents(all) == (0..<10).map { "m#\($0)" })
        #expect(all[0].createdAt == clock.now().advanced(by: .seconds(-1)) && all[9].createdAt == clock.now())
        #expect(all[0].content == message(0).content, "the item's JSON comes back as given")
        #expect(try await store.items(of: key, .last(0)).isEmpty)
        #expect(try await store.items(of: key, .last(1)).map(\.sequence) == [10])
        #expect(try await store.items(of: key, .last(4)).map(\.sequence) == [7, 8, 9, 10], "the last N, oldest first")
        #expect(try await store.items(of: key, .last(10)).count == 10)
        #expect(try await store.items(of: key, .last(500)).map(\.sequence) == Array(1...10))
        await expectError(.invalidArgument) { try await store.items(of: key, .last(-1)) }

        let exact = #"{"content":"  spaced  ","role":"tool","n":1.50,"u":"\u00e9"}"#
        let seq = try await store.append([NewItem(try JSONDocument(validating: exact))], to: key)
        #expect(try await store.items(of: key, .last(1)).first?.content.text == exact, "kept byte for byte")
        #expect(seq == [11])
        #expect(try await store.session(key)?.lastSequence == 11)
    }

    func readAfterSequence() async throws {
        let key = try await create("paged").key
        try await store.append(messages(0..<12), to: key)
        #expect(try await store.items(of: key, ItemQuery(after: 0)).map(\.sequence) == Array(1...12))
        #expect(try await store.items(of: key, ItemQuery(after: 9)).map(\.sequence) == [10, 11, 12])
        #expect(try await store.items(of: key, ItemQuery(after: 12)).isEmpty)
        #expect(try await store.items(of: key, ItemQuery(after: 99)).isEmpty)
        #expect(try await store.items(of: key, ItemQuery(limit: 5, after: 0)).map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try await store.items(of: key, ItemQuery(limit: 5, after: 5)).map(\.sequence) == [6, 7, 8, 9, 10])
        #expect(try await store.items(of: key, ItemQuery(limit: 5, after: 10)).map(\.sequence) == [11, 12])
        #expect(try await store.items(of: key, ItemQuery(limit: 0, after: 3)).isEmpty)
        #expect(try await store.items(of: key, ItemQuery(limit: .max, after: 10)).map(\.sequence) == [11, 12])
        #expect(try await store.items(of: key, .last(.max)).count == 12, "a huge limit is all")
        await expectError(.invalidArgument) { try await store.items(of: key, ItemQuery(after: -1)) }
    }

    func appendToMissingSession() async throws {
        await expectError(.notFound) { try await store.append([message(0)], to: SessionKey("nobody")) }
        #expect(try await store.session(SessionKey("nobody")) == nil, "never an implicit create")
        await expectError(.notFound) { try await store.items(of: SessionKey("nobody"), .all) }
        await expectError(.notFound) { try await store.popLastItem(of: SessionKey("nobody")) }
        await expectError(.notFound) { try await store.clearItems(of: SessionKey("nobody")) }
    }

    func appendIsAtomic() async throws {
        let key = try await create("atomic").key
        try await store.append(messages(0..<2), to: key)
        let before = try #require(try await store.session(key))
        let bad = [message(2), NewItem(["role": "user"], itemID: "bad id!"), message(3)]
        let error = await expectError(.invalidArgument) { try await store.append(bad, to: key) }
        #expect(error?.field == "item_id")
        #expect(try await store.items(of: key, .all).map(\.sequence) == [1, 2], "nothing of the batch was stored")
        #expect(try await store.session(key) == before)
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try JSONDocument(validating: "[1, 2]") }
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try JSONDocument(validating: #"{"a":1,"a":2}"#) }
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try JSONDocument(validating: #"{"a":1} x"#) }
        #expect(try await store.append([message(2)], to: key) == [3], "no sequence number was burnt")
    }

    func itemIDsMakeRetriesSafe() async throws {
        let key = try await create("retry").key
        let batch = [
            NewItem(["content": "a"], itemID: "msg-1"), NewItem(["content": "b"], itemID: "msg-2"),
            NewItem(["content": "c"]),
        ]
        #expect(try await store.append(batch, to: key) == [1, 2, 3])
        #expect(try await store.append(batch, to: key) == [1, 2, 4], "stored ids are not stored twice")
        let items = try await store.items(of: key, .all)
        #expect(items.map(\.itemID) == ["msg-1", "msg-2", nil, nil])
        #expect(try contents(items) == ["a", "b", "c", "c"])
        let inBatch = [NewItem(["content": "x"], itemID: "dup"), NewItem(["content": "x"], itemID: "dup")]
        #expect(try await store.append(inBatch, to: key) == [5, 5], "a repeated item inside a batch maps to the first")
        let other = try await create("other").key
        #expect(try await store.append([NewItem(["content": "a"], itemID: "msg-1")], to: other) == [1])
        // The guard is against ids still stored: after a pop or clear the id may be used again.
        #expect(try await store.popLastItem(of: other)?.itemID == "msg-1")
        #expect(try await store.append([NewItem(["content": "again"], itemID: "msg-1")], to: other) == [2])
        try await store.clearItems(of: other)
        #expect(try await store.append([NewItem(["content": "third"], itemID: "msg-1")], to: other) == [3])
    }

    func popAndClear() async throws {
        let key = try await create("stack").key
        #expect(try await store.popLastItem(of: key) == nil, "pop on empty")
        try await store.append(messages(0..<5), to: key)
        let popped = try #require(try await store.popLastItem(of: key))
        #expect(popped.sequence == 5)
        #expect(try contents([popped]) == ["m#4"])
        #expect(try await store.items(of: key, .all).map(\.sequence) == [1, 2, 3, 4])
        #expect(try await store.append([message(9)], to: key) == [6], "sequence numbers are never reused")
        #expect(try await store.clearItems(of: key) == 5)
        #expect(try await store.items(of: key, .all).isEmpty)
        #expect(try await store.popLastItem(of: key) == nil)
        #expect(try await store.clearItems(of: key) == 0)
        #expect(try await store.append([message(10)], to: key) == [7])
        #expect(try await store.session(key)?.lastSequence == 7)
    }

    func concurrentAppends() async throws {
        let key = try await create("busy").key
        let tasks = 50
        let perTask = 20
        let assigned = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var sequences: [Int64] = []
                    for index in 0..<perTask {
                        sequences += try await store.append([message(index, tag: "t\(task)")], to: key)
                    }
                    return sequences
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(assigned.sorted() == Array(1...Int64(tasks * perTask)), "every append got its own number")
        let items = try await store.items(of: key, .all)
        #expect(items.map(\.sequence) == Array(1...Int64(tasks * perTask)), "no gaps")
        let texts = try contents(items)
        #expect(Set(texts).count == tasks * perTask, "nothing lost or duplicated")
        for task in 0..<tasks {
            let own = texts.filter { $0.hasPrefix("t\(task)#") }
            #expect(own == (0..<perTask).map { "t\(task)#\($0)" }, "each writer's items keep its order")
        }
    }

    func concurrentPops() async throws {
        let key = try await create("popped").key
        try await store.append(messages(0..<40), to: key)
        let popped = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for _ in 0..<50 { group.addTask { try await store.popLastItem(of: key)?.sequence } }
            return try await group.reduce(into: [Int64]()) { if let value = $1 { $0.append(value) } }
        }
        #expect(popped.count == 40)
        #expect(Set(popped).count == 40, "no item was popped twice")
        #expect(try await store.items(of: key, .all).isEmpty)
    }

    func fork() async throws {
        try await create("root")
        let source = try await store.create(
            NewSession(
                id: "main",
                userID: "ana",
                agentName: "writer",
                parentID: "root",
                state: ["draft": 2, "app:shared": true],
                metadata: ["topic": "x"]
            )
        )
        try await store.update(source.key, SessionUpdate(phase: .planning))
        try await store.append([NewItem(["content": "m#0"], itemID: "first")], to: source.key)
        clock.advance(by: .seconds(1))
        try await store.append(messages(1..<6), to: source.key)
        let before = try #require(try await store.session(source.key))
        clock.advance(by: .seconds(3))

        let branch = try await store.fork(source.key, through: 4, as: "branch")
        #expect(branch.id == "branch" && branch.app == source.app)
        #expect(branch.userID == "ana" && branch.agentName == "writer")
        #expect(branch.metadata == ["topic": "x", "forked_from": ["id": "main", "sequence": 4]])
        #expect(branch.state == ["draft": 2, "app:shared": true])
        #expect(branch.parentID == nil, "a fork is a top-level session")
        #expect(branch.phase == .initializing && branch.createdAt == clock.now())
        let copied = try await store.items(of: branch.key, .all)
        #expect(copied.map(\.sequence) == [1, 2, 3, 4], "up to S includes S")
        #expect(try contents(copied) == ["m#0", "m#1", "m#2", "m#3"])
        let originals = try await store.items(of: source.key, .last(6))
        #expect(copied.map(\.createdAt) == originals.prefix(4).map(\.createdAt), "items keep their creation times")
        #expect(copied.first?.itemID == "first")
        #expect(try await store.append([NewItem(["content": "m#0"], itemID: "first")], to: branch.key) == [1])
        await expectError(.alreadyExists, "a copied item's id with other content") {
            try await store.append([NewItem(["content": "dup"], itemID: "first")], to: branch.key)
        }
        #expect(try await store.append([message(99)], to: branch.key) == [5], "the fork continues after S")
        #expect(try await store.session(source.key) == before, "the original is untouched")
        #expect(try await store.items(of: source.key, .all).count == 6)

        let whole = try await store.fork(source.key, through: nil, as: nil)
        #expect(whole.id != source.id)
        #expect(try await store.items(of: whole.key, .all).count == 6)
        let empty = try await store.fork(source.key, through: 0, as: "empty")
        #expect(try await store.items(of: empty.key, .all).isEmpty)
        await expectError(.alreadyExists) { try await store.fork(source.key, through: 2, as: "branch") }
        await expectError(.invalidArgument) { try await store.fork(source.key, through: 7, as: "beyond") }
        await expectError(.invalidArgument) { try await store.fork(source.key, through: -1, as: "negative") }
        await expectError(.notFound) { try await store.fork(SessionKey("ghost"), through: nil, as: nil) }
        #expect(try await store.session(SessionKey("beyond")) == nil)
        try await store.delete(SessionKey("root"))
        let orphan = try await create("orphan-parent")
        try await store.create(NewSession(id: "orphan", parentID: orphan.id))
        clock.advance(by: .seconds(48 * 3600))
        try await store.update(SessionKey("orphan"), SessionUpdate(metadata: ["touched": true]))
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(24 * 3600)) >= 1)
        let fromOrphan = try await store.fork(SessionKey("orphan"), through: nil, as: "orphan-fork")
        #expect(fromOrphan.parentID == nil, "a child whose parent was cleaned up can still be forked")
    }
}

import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    func restoreKeepsEverything() async throws {
        let parent = ExportSamples.session("root")
        #expect(try await store.restore(parent) == parent, "the session comes back as given")
        let session = ExportSamples.session("child", parent: "root")
        #expect(try await store.restore(session) == session)
        #expect(try await store.session(session.key) == session, "every field, the version and times included")
        let sibling = try await create("sibling", user: "ana")
        #expect(sibling.state == ["app:theme": "dark", "user:lang": "fr"], "shared keys went to their scopes")

        let items = try ExportSamples.items()
        #expect(try await store.restore(items, to: session.key) == 4)
        #expect(try await store.items(of: session.key, .all) == items, "sequence numbers, ids, times and text exactly")
        #expect(try await store.items(of: session.key, .last(2)).map(\.sequence) == [5, 7])
        #expect(try await store.items(of: session.key, ItemQuery(limit: 2, after: 2)).map(\.sequence) == [3, 5])
        #expect(try await store.session(session.key) == session, "restoring items changes nothing of the session")
        #expect(try await store.restore(items, to: session.key) == 0, "the same items again store nothing")
        #expect(try await store.items(of: session.key, .all) == items)
        #expect(try await store.statistics(app: nil).itemCount == 4)

        let forked = try await store.fork(session.key, through: nil, as: "copy")
        #expect(try await store.items(of: forked.key, .all) == items, "a fork copies restored items")
        #expect(try await store.append([message(0)], to: forked.key) == [10], "the fork goes on after the last")

        #expect(try await store.append([NewItem(items[1].content, itemID: "msg-3")], to: session.key) == [3])
        await expectError(.alreadyExists, "a restored item's id with other content") {
            try await store.append([NewItem(["retry": true], itemID: "msg-3")], to: session.key)
        }
        #expect(try await store.append([message(1)], to: session.key) == [10], "new items go after the last sequence")
        #expect(try await store.items(of: session.key, .all).map(\.sequence) == [2, 3, 5, 7, 10])
        #expect(try await store.popLastItem(of: session.key)?.sequence == 10)
        #expect(try await store.popLastItem(of: session.key)?.sequence == 7)
        #expect(try await store.clearItems(of: session.key) == 3)
        #expect(try await store.append([message(2)], to: session.key) == [11], "numbers are never reused")
    }

    func restoreInBatches() async throws {
        let session = ExportSamples.session("batched")
        try await store.restore(session)
        let items = try ExportSamples.items()
        #expect(try await store.restore(Array(items.prefix(2)), to: session.key) == 2)
        #expect(try await store.items(of: session.key, .all) == Array(items.prefix(2)), "the tail is not live yet")
        #expect(try await store.restore(items, to: session.key) == 2, "a restore cut short continues")
        #expect(try await store.items(of: session.key, .all) == items)
        let late = SessionItem(sequence: 9, createdAt: session.createdAt, content: JSONDocument(["late": 1]))
        #expect(try await store.restore([items[0], late], to: session.key) == 1, "only items past the highest")
        #expect(try await store.items(of: session.key, .last(1)) == [late])
        #expect(try await store.session(session.key) == session)

        let empty = ExportSamples.session("empty", lastSequence: 4)
        try await store.restore(empty)
        #expect(try await store.items(of: empty.key, .all).isEmpty, "no item is live before items are restored")
        #expect(try await store.append([message(0)], to: empty.key) == [5])
        #expect(try await store.items(of: empty.key, .all).map(\.sequence) == [5])
    }

    func restoreRejectsBadInput() async throws {
        let session = ExportSamples.session("taken")
        try await store.restore(session)
        await expectError(.alreadyExists) { try await store.restore(ExportSamples.session("taken", lastSequence: 1)) }
        #expect(try await store.session(session.key) == session, "the session already there is untouched")
        await expectError(.notFound) { try await store.restore(ExportSamples.session("orphan", parent: "nobody")) }
        var bad = ExportSamples.session("bad")
        bad.phase = "unknown"
        await expectError(.invalidArgument, "unknown phase") { try await store.restore(bad) }
        bad = ExportSamples.session("bad")
        bad.outcome = .planning
        await expectError(.invalidArgument, "outcome not final") { try await store.restore(bad) }
        bad = ExportSamples.session("bad")
        bad.finalizedAt = nil
        await expectError(.invalidArgument, "outcome without a time") { try await store.restore(bad) }
        bad = ExportSamples.session("bad")
        bad.version = 0
        await expectError(.invalidArgument, "version 0") { try await store.restore(bad) }
        bad = ExportSamples.session("bad", lastSequence: -1)
        await expectError(.invalidArgument, "negative last sequence") { try await store.restore(bad) }
        bad = ExportSamples.session("bad")
        bad.state = ["user:lang": "fr"]
        bad.userID = ""
        await expectError(.invalidArgument, "user: state without a user") { try await store.restore(bad) }
        #expect(try await store.session(SessionKey("bad")) == nil, "nothing of a refused session is stored")

        let items = try ExportSamples.items()
        await expectError(.notFound) { try await store.restore(items, to: SessionKey("nobody")) }
        await expectError(.invalidArgument, "out of order") {
            try await store.restore([items[1], items[0]], to: session.key)
        }
        let past = SessionItem(sequence: 10, createdAt: session.createdAt, content: JSONDocument(["n": 1]))
        await expectError(.invalidArgument, "past the last sequence") {
            try await store.restore([past], to: session.key)
        }
        let zero = SessionItem(sequence: 0, createdAt: session.createdAt, content: JSONDocument(["n": 1]))
        await expectError(.invalidArgument, "sequence 0") { try await store.restore([zero], to: session.key) }
        var twice = items
        twice[2].itemID = "msg-3"
        await expectError(.invalidArgument, "one id on two items") { try await store.restore(twice, to: session.key) }
        #expect(try await store.items(of: session.key, .all).isEmpty, "nothing of a refused batch is stored")
        try await store.restore(Array(items.prefix(2)), to: session.key)
        var reused = items[3]
        reused.itemID = "msg-3"
        await expectError(.invalidArgument, "an id stored on another item") {
            try await store.restore([reused], to: session.key)
        }
        #expect(try await store.items(of: session.key, .all) == Array(items.prefix(2)))
    }
}

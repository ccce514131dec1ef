import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    func itemIDConflicts() async throws {
        let key = try await create("conflicts").key
        #expect(try await store.append([NewItem(["content": "a"], itemID: "msg-1")], to: key) == [1])
        let before = try #require(try await store.session(key))

        let inBatch = [
            message(0), NewItem(["content": "x"], itemID: "dup"), NewItem(["content": "y"], itemID: "dup"),
        ]
        let batchError = await expectError(.alreadyExists, "one id, two contents in a batch") {
            try await store.append(inBatch, to: key)
        }
        #expect(batchError?.field == "item_id")
        #expect(batchError?.message.contains("'dup'") == true, "the message names the item id")

        let againstStored = [message(1), NewItem(["content": "other"], itemID: "msg-1")]
        let storedError = await expectError(.alreadyExists, "a stored id with other content") {
            try await store.append(againstStored, to: key)
        }
        #expect(storedError?.field == "item_id")
        #expect(storedError?.message.contains("'msg-1'") == true)
        #expect(try await store.items(of: key, .all).map(\.sequence) == [1], "nothing of either batch was stored")
        #expect(try await store.session(key) == before, "a refused append changes nothing")

        let spaced = try NewItem(JSONDocument(validating: #"{"content": "a"}"#), itemID: "msg-1")
        await expectError(.alreadyExists, "content is compared as JSON text, byte for byte") {
            try await store.append([spaced], to: key)
        }
        let retry = [NewItem(["content": "a"], itemID: "msg-1"), NewItem(["content": "b"], itemID: "msg-2")]
        #expect(try await store.append(retry, to: key) == [1, 2], "the same id and content is a retry")
        let twice = [NewItem(["content": "c"], itemID: "msg-3"), NewItem(["content": "c"], itemID: "msg-3")]
        #expect(try await store.append(twice, to: key) == [3, 3], "the same item twice in a batch is stored once")
        #expect(try await store.items(of: key, .all).map(\.itemID) == ["msg-1", "msg-2", "msg-3"])
    }
}

import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ItemsControllerTests {
    @Test func appendOneOrABatchThenReadPopClearAndFork() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"s1"}"#)
            let one = try await api.send(.post, "/v1/sessions/s1/items", #"{"content":{"role":"user","n":1}}"#)
            #expect(one.status == .created)
            #expect(one.object["sequences"] == [1])
            let batch = try await api.send(
                .post,
                "/v1/sessions/s1/items",
                #"{"items":[{"content":{"n":2}},{"content":{"n":3},"item_id":"m3"}]}"#
            )
            #expect(batch.object["sequences"] == [2, 3])
            let last = try await api.send(.get, "/v1/sessions/s1/items?limit=2")
            #expect(last.object["items"]?.arrayCount == 2)
            let after = try await api.send(.get, "/v1/sessions/s1/items?after=2")
            #expect(
                after.object["items"] == [
                    [
                        "seq": 3, "item_id": "m3", "content": ["n": 3],
                        "created_at": after.object["items"]?.firstCreatedAt ?? .null,
                    ]
                ]
            )
            let fork = try await api.send(.post, "/v1/sessions/s1/fork", #"{"through":2,"id":"s1-fork"}"#)
            #expect(fork.status == .created)
            #expect(fork.object["id"] == "s1-fork")
            let popped = try await api.send(.delete, "/v1/sessions/s1/items/last")
            #expect(popped.object["item"]?.objectValue?["seq"] == 3)
            let cleared = try await api.send(.delete, "/v1/sessions/s1/items")
            #expect(cleared.object["removed"] == 2)
            let forkItems = try await api.send(.get, "/v1/sessions/s1-fork/items")
            #expect(forkItems.object["items"]?.arrayCount == 2)
            let notAnObject = try await api.send(.post, "/v1/sessions/s1/items", #"{"content":[1]}"#)
            #expect(notAnObject.status == .unprocessableContent)
            let missing = try await api.send(.post, "/v1/sessions/nope/items", #"{"content":{}}"#)
            #expect(missing.status == .notFound)
        }
    }

    @Test func itemContentIsKeptByteForByte() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"s1"}"#)
            let single = #"{"z": 1.50, "a":  [1, 2], "é": "\u00e9"}"#
            let batched = #"{"role":"user" , "n":10E2}"#
            try await api.send(.post, "/v1/sessions/s1/items", #"{"item_id":"m1","content":"# + single + "}")
            try await api.send(.post, "/v1/sessions/s1/items", #"{"items":[ {"content":"# + batched + "} ]}")
            let items = try await api.send(.get, "/v1/sessions/s1/items")
            #expect(items.text.contains(#""content":"# + single + ","))
            #expect(items.text.contains(#""content":"# + batched + ","))
            #expect(items.object["items"]?.arrayCount == 2)
            let popped = try await api.send(.delete, "/v1/sessions/s1/items/last")
            #expect(popped.text.contains(batched))
        }
    }
}

extension JSONValue {
    /// The `created_at` of the first element of an array of items.
    var firstCreatedAt: JSONValue? {
        if case .array(let values) = self { return values.first?.objectValue?["created_at"] }
        return nil
    }
}

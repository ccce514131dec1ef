import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Reads without a limit (or with one above a page) are written page by page: the answer's
/// bytes are exactly those of the whole answer built at once.
@Suite struct PagedAnswerTests {
    /// Items 1…2597, 2601 and 2602 (three popped, so sequence numbers have a gap), of sizes
    /// from a few bytes to 5 KB, so that pages of several sizes are read.
    private func makeItems(in store: any SessionStore) async throws -> SessionKey {
        let session = try await store.create(NewSession(id: "long"))
        for batch in 0..<26 {
            let items = (0..<100).map { offset in
                let number = batch * 100 + offset
                return NewItem([
                    "n": .int(Int64(number)), "text": .string(String(repeating: "é", count: number % 53 * 50)),
                ])
            }
            try await store.append(items, to: session.key)
        }
        for _ in 0..<3 { try await store.popLastItem(of: session.key) }
        try await store.append([NewItem(["tail": 1]), NewItem(["tail": 2], itemID: "last")], to: session.key)
        return session.key
    }

    /// The answer the whole read gives, as the server wrote it before it paged.
    private func expectedItems(_ store: any SessionStore, _ key: SessionKey, _ query: ItemQuery) async throws -> String
    {
        let items = try await store.items(of: key, query)
        return #"{"items":["# + items.map(\.jsonText).joined(separator: ",") + "]}\n"
    }

    @Test(arguments: [
        ("", ItemQuery()),
        ("?after=1000", ItemQuery(after: 1000)),
        ("?after=2597", ItemQuery(after: 2597)),
        ("?after=2602", ItemQuery(after: 2602)),
        ("?limit=1001", ItemQuery(limit: 1001)),
        ("?limit=2598", ItemQuery(limit: 2598)),
        ("?limit=2599", ItemQuery(limit: 2599)),
        ("?limit=9000", ItemQuery(limit: 9000)),
        ("?after=10&limit=2000", ItemQuery(limit: 2000, after: 10)),
        ("?limit=20", ItemQuery(limit: 20)),
    ])
    func anItemsAnswerIsTheWholeReadByteForByte(parameters: String, query: ItemQuery) async throws {
        let server = TestAPI()
        let key = try await makeItems(in: server.store)
        let expected = try await expectedItems(server.store, key, query)
        try await server.test { api in
            let answer = try await api.send(.get, "/v1/sessions/long/items" + parameters)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
            #expect(answer.text.utf8.count == expected.utf8.count)
            #expect(answer.text == expected)
        }
    }

    @Test func aMissingSessionIsStill404() async throws {
        try await TestAPI().test { api in
            for query in ["", "?limit=5000", "?after=3&limit=5000", "?after=3"] {
                let answer = try await api.send(.get, "/v1/sessions/none/items" + query)
                #expect(answer.status == .notFound, "\(query): \(answer.text)")
            }
        }
    }

    @Test func aLongAnswerIsWrittenInChunks() async throws {
        let server = TestAPI()
        let key = try await makeItems(in: server.store)
        let expected = try await expectedItems(server.store, key, .all)
        try await server.test(.live) { api in
            let answer = try await api.send(.get, "/v1/sessions/long/items")
            #expect(answer.headers[.contentLength] == nil)
            #expect(answer.headers[.transferEncoding] == "chunked")
            #expect(answer.text == expected)
            let short = try await api.send(.get, "/v1/sessions/long/items?after=2590")
            #expect(short.headers[.contentLength] == String(short.text.utf8.count), "one page is sent whole")
        }
    }

    @Test(
        arguments: [("", nil), ("&limit=1100", 1100), ("&limit=1300", 1300), ("&limit=1250", 1250)] as [(String, Int?)]
    )
    func aSessionsAnswerIsTheWholeListingByteForByte(parameters: String, limit: Int?) async throws {
        let server = TestAPI()
        for number in 0..<1250 {
            try await server.store.create(
                NewSession(id: try SessionID("s\(number % 7)-\(number)"), app: "many", userID: "u\(number % 3)")
            )
            if number % 5 == 0 { server.clock.advance(by: .milliseconds(1)) }
        }
        let page = try await server.store.list(SessionQuery(app: "many", limit: limit))
        let whole: JSONValue = [
            "sessions": .array(page.sessions.map(\.jsonValue)),
            "next_cursor": page.nextCursor.map { .string($0.token) } ?? .null,
        ]
        try await server.test { api in
            let answer = try await api.send(.get, "/v1/sessions?app=many" + parameters)
            #expect(answer.status == .ok)
            #expect(answer.text == whole.jsonText + "\n")
        }
    }
}

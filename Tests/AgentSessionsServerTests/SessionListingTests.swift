import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 17: titles and tags, metadata filters, `fields=`, `sort=` and `GET /v1/sessions/count`.
@Suite struct SessionListingTests {
    /// Creates four sessions: `a` (billing, vip; acme), `b` (billing; acme), `c` (globex), `d` (vip).
    private func makeSessions(_ api: APIClient, clock: ManualWallClock) async throws {
        for body in [
            #"{"id":"a","user_id":"ana","title":"First chat","tags":["vip","billing"],"metadata":{"customer":"acme"}}"#,
            #"{"id":"b","user_id":"bo","tags":["billing"],"metadata":{"customer":"acme","tier":3}}"#,
            #"{"id":"c","user_id":"ana","metadata":{"customer":"globex","tier":"3"}}"#,
            #"{"id":"d","tags":["vip"]}"#,
        ] {
            _ = try await api.createSession(body)
            clock.advance(by: .seconds(1))
        }
    }

    private func ids(_ answer: APIResponse) -> [String] {
        answer.object["sessions"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } ?? []
    }

    @Test func titleAndTagsAreSetAtCreateAndPatched() async throws {
        let server = TestAPI()
        try await server.test { api in
            try await makeSessions(api, clock: server.clock)
            let a = try await api.send(.get, "/v1/sessions/a")
            #expect(a.object["title"] == "First chat")
            #expect(a.object["tags"] == ["billing", "vip"], "sorted")
            #expect(try await api.send(.get, "/v1/sessions/c").object["title"] == .null)
            #expect(try await api.send(.get, "/v1/sessions/c").object["tags"] == [])

            let patched = try await api.send(.patch, "/v1/sessions/a", #"{"title":"Renamed","tags":["x"]}"#)
            #expect(patched.status == .ok)
            #expect(patched.object["title"] == "Renamed" && patched.object["tags"] == ["x"])
            let untouched = try await api.send(.patch, "/v1/sessions/a", #"{"title":null,"tags":null}"#)
            #expect(untouched.object["title"] == "Renamed" && untouched.object["tags"] == ["x"], "null leaves them")
            let cleared = try await api.send(.patch, "/v1/sessions/a", #"{"title":"","tags":[]}"#)
            #expect(cleared.object["title"] == .null && cleared.object["tags"] == [])

            for (body, field) in [
                (#"{"title":"line\nbreak"}"#, "title"), (#"{"tags":["no space"]}"#, "tags"),
                (#"{"tags":"vip"}"#, "tags"), (#"{"tags":[1]}"#, "tags"), (#"{"title":5}"#, "title"),
            ] {
                let refused = try await api.send(.patch, "/v1/sessions/a", body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(refused.object["error"]?.objectValue?["field"] == .string(field), "\(body)")
            }
            let badCreate = try await api.send(.post, "/v1/sessions", #"{"id":"e","tags":["ä"]}"#)
            #expect(badCreate.status == .unprocessableContent)
            #expect(try await api.send(.get, "/v1/sessions/e").status == .notFound)
        }
    }

    @Test func listingsFilterByTagsAndMetadataAndCount() async throws {
        let server = TestAPI()
        try await server.test { api in
            try await makeSessions(api, clock: server.clock)
            for (query, expected) in [
                ("tag=billing", ["b", "a"]), ("tag=vip&tag=billing", ["a"]), ("tag=vip", ["d", "a"]),
                ("metadata.customer=acme", ["b", "a"]), ("metadata.tier=3", ["c"]),
                ("metadata.customer=acme&user=ana", ["a"]), ("tag=billing&metadata.customer=globex", []),
                ("metadata.customer=acme&sort=created_at", ["a", "b"]),
            ] {
                let listed = try await api.send(.get, "/v1/sessions?\(query)")
                #expect(listed.status == .ok, "\(query): \(listed.text)")
                #expect(ids(listed) == expected, "\(query)")
                let counted = try await api.send(.get, "/v1/sessions/count?\(query)")
                #expect(counted.status == .ok, "\(query): \(counted.text)")
                #expect(counted.object == ["count": .int(Int64(expected.count))], "\(query)")
            }
            #expect(try await api.send(.get, "/v1/sessions/count").object["count"] == 4)
            #expect(
                try await api.send(.get, "/v1/sessions/count?limit=1&cursor=\(Self.cursor(api))").object["count"]
                    == 4,
                "a count ignores limit and cursor"
            )
            for query in [
                "tag=no%20space", "metadata.customer=acme&metadata.customer=globex", "sort=title", "fields=id",
                "nonsense=1",
            ] {
                let refused = try await api.send(.get, "/v1/sessions/count?\(query)")
                #expect(refused.status == .unprocessableContent, "\(query): \(refused.text)")
            }
        }
    }

    /// The cursor after the first session of the default listing.
    private static func cursor(_ api: APIClient) async throws -> String {
        try #require(try await api.send(.get, "/v1/sessions?limit=1").object["next_cursor"]?.stringValue)
    }

    @Test func fieldsReturnOnlyTheNamedFieldsOfEachSummary() async throws {
        let server = TestAPI()
        try await server.test { api in
            try await makeSessions(api, clock: server.clock)
            let listed = try await api.send(.get, "/v1/sessions?fields=id,title,phase,updated_at&limit=2")
            #expect(listed.status == .ok)
            let sessions = try #require(listed.object["sessions"]?.arrayValue)
            #expect(sessions.count == 2)
            #expect(
                sessions.allSatisfy { Set($0.objectValue?.keys ?? [:].keys) == ["id", "title", "phase", "updated_at"] }
            )
            #expect(sessions.first?.objectValue?["id"] == "d")
            #expect(listed.object["next_cursor"]?.stringValue != nil)

            let everything = try await api.send(
                .get,
                "/v1/sessions?fields=" + SessionSummary.jsonKeys.joined(separator: ",")
            )
            let whole = try await api.send(.get, "/v1/sessions")
            let summaries = try #require(everything.object["sessions"]?.arrayValue)
            let sessionsWhole = try #require(whole.object["sessions"]?.arrayValue)
            #expect(summaries.count == 4)
            for (summary, session) in zip(summaries, sessionsWhole) {
                for key in SessionSummary.jsonKeys {
                    #expect(summary.objectValue?[key] == session.objectValue?[key], "\(key) as in the whole session")
                }
            }
            // Past one page, the answer is written page by page: the same fields.
            let paged = try await api.send(.get, "/v1/sessions?fields=id&limit=100000")
            #expect(ids(paged) == ids(whole))
            #expect(paged.object["sessions"]?.arrayValue?.allSatisfy { $0.objectValue?.count == 1 } == true)

            let twice = try await api.send(.get, "/v1/sessions?fields=id,id,title&limit=1")
            #expect(twice.object["sessions"]?.arrayValue?.first?.objectValue?.keys.sorted() == ["id", "title"])
            for fields in ["state", "", "id,", "metadata", "ID"] {
                let refused = try await api.send(.get, "/v1/sessions?fields=\(fields)")
                #expect(refused.status == .unprocessableContent, "fields=\(fields)")
                #expect(refused.object["error"]?.objectValue?["field"] == "fields")
            }
        }
    }

    @Test func sortOrdersPageWithTheirOwnCursors() async throws {
        let server = TestAPI()
        try await server.test { api in
            try await makeSessions(api, clock: server.clock)
            try await api.send(.post, "/v1/sessions/b/items", #"{"content":{"role":"user","content":"hi"}}"#)
            for (sort, expected) in [
                ("-updated_at", ["b", "d", "c", "a"]), ("updated_at", ["a", "c", "d", "b"]),
                ("-created_at", ["d", "c", "b", "a"]), ("created_at", ["a", "b", "c", "d"]),
            ] {
                var seen: [String] = []
                var query = "sort=\(sort)&limit=1"
                for _ in 0..<6 {
                    let page = try await api.send(.get, "/v1/sessions?\(query)")
                    #expect(page.status == .ok, "\(page.text)")
                    seen += ids(page)
                    guard let cursor = page.object["next_cursor"]?.stringValue else { break }
                    query = "sort=\(sort)&limit=1&cursor=\(cursor)"
                }
                #expect(seen == expected, "sort=\(sort)")
            }
            let mixed = try await api.send(.get, "/v1/sessions?sort=created_at&cursor=\(Self.cursor(api))")
            #expect(mixed.status == .unprocessableContent)
            #expect(mixed.object["error"]?.objectValue?["field"] == "cursor")
        }
    }

    @Test func aSessionNamedCountIsReachedPercentEncoded() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"count","title":"The count"}"#)
            #expect(try await api.send(.get, "/v1/sessions/count").object == ["count": 1])
            let session = try await api.send(.get, "/v1/sessions/%63ount")
            #expect(session.status == .ok)
            #expect(session.object["title"] == "The count")
            let patched = try await api.send(.patch, "/v1/sessions/%63ount", #"{"tags":["counted"]}"#)
            #expect(patched.object["tags"] == ["counted"])
            let appended = try await api.send(.post, "/v1/sessions/count/items", #"{"content":{"n":1}}"#)
            #expect(appended.status == .created, "deeper paths are not shadowed: \(appended.text)")
        }
    }
}

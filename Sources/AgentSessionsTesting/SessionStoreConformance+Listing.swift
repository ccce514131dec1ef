import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    func listOrderAndFilters() async throws {
        try await store.create(NewSession(id: "b", userID: "ana", agentName: "planner"))
        try await store.create(NewSession(id: "a", userID: "ana", agentName: "coder"))
        clock.advance(by: .seconds(1))
        try await store.create(NewSession(id: "c", userID: "bo", agentName: "planner", parentID: "a"))
        clock.advance(by: .seconds(1))
        try await store.create(NewSession(id: "d", userID: "bo", agentName: "planner"))
        clock.advance(by: .seconds(1))
        try await store.append([message(0)], to: SessionKey("b"))
        try await store.update(SessionKey("d"), SessionUpdate(phase: .approval))
        clock.advance(by: .seconds(1))
        try await store.finalize(SessionKey("c"), outcome: .completed)
        try await store.create(NewSession(id: "elsewhere", app: "other"))

        func ids(_ query: SessionQuery) async throws -> [String] {
            try await store.list(query).sessions.map(\.id.rawValue)
        }
        #expect(try await ids(SessionQuery()) == ["c", "b", "d", "a"], "newest activity first, ties by id")
        #expect(try await ids(SessionQuery(userID: "ana")) == ["b", "a"])
        #expect(try await ids(SessionQuery(agentName: "planner")) == ["c", "b", "d"])
        #expect(try await ids(SessionQuery(parentID: "a")) == ["c"])
        #expect(try await ids(SessionQuery(phase: .approval)) == ["d"])
        #expect(try await ids(SessionQuery(isFinalized: false)) == ["b", "d", "a"])
        #expect(try await ids(SessionQuery(isFinalized: true)) == ["c"])
        #expect(try await ids(SessionQuery(userID: "bo", agentName: "planner", isFinalized: false)) == ["d"])
        #expect(try await ids(SessionQuery(userID: "nobody")).isEmpty)
        #expect(try await ids(SessionQuery(app: "other")) == ["elsewhere"])
        await expectError(.invalidArgument) { try await store.list(SessionQuery(limit: -1)) }
        await expectError(.invalidArgument) { try await store.list(SessionQuery(app: "no spaces")) }
    }

    func listPaging() async throws {
        for index in 0..<25 {
            try await create(
                SessionID("p-" + (index < 10 ? "0" : "") + String(index)),
                user: index % 2 == 0 ? "even" : "odd"
            )
            if index % 3 == 0 { clock.advance(by: .milliseconds(5)) }
        }
        let everything = try await store.list(SessionQuery()).sessions
        #expect(everything.count == 25)
        #expect(try await store.list(SessionQuery()).nextCursor == nil)
        var seen: [Session] = []
        var query = SessionQuery(limit: 7)
        var pages = 0
        repeat {
            let page = try await store.list(query)
            #expect(page.sessions.count <= 7)
            seen += page.sessions
            query.cursor = page.nextCursor
            pages += 1
        } while query.cursor != nil && pages < 10
        #expect(pages == 4)
        #expect(seen.map(\.id) == everything.map(\.id), "pages follow the listing order without gaps or repeats")
        let none = try await store.list(SessionQuery(limit: 0))
        #expect(none.sessions.isEmpty && none.nextCursor == nil)
        let token = try #require(try await store.list(SessionQuery(limit: 3)).nextCursor).token
        let resumed = try await store.list(SessionQuery(limit: 3, cursor: try SessionCursor(token: token)))
        #expect(resumed.sessions.map(\.id) == Array(everything[3..<6]).map(\.id), "a cursor survives as text")
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try SessionCursor(token: "garbage") }
        try await store.finalize(SessionKey("p-03"), outcome: .completed)
        try await store.finalize(SessionKey("p-08"), outcome: .completed)
        for filtered in [
            SessionQuery(userID: "odd"), SessionQuery(isFinalized: false),
            SessionQuery(userID: "even", isFinalized: false),
            SessionQuery(phase: .completed),
        ] {
            let expected = try await store.list(filtered).sessions.map(\.id)
            var paged: [SessionID] = []
            var query = filtered
            query.limit = 5
            repeat {
                let page = try await store.list(query)
                paged += page.sessions.map(\.id)
                query.cursor = page.nextCursor
            } while query.cursor != nil && paged.count <= 25
            #expect(paged == expected, "paging under \(filtered) follows the filtered order")
            #expect(!expected.isEmpty)
        }
        #expect(try await store.list(SessionQuery(userID: "odd")).sessions.count == 12)
    }
}

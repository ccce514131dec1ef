import AgentSessions
import Testing

// Titles, tags and metadata filters: what a chat sidebar lists sessions by.
extension SessionStoreConformance.Context {
    func titlesAndTags() async throws {
        let created = try await store.create(
            NewSession(id: "t", title: "Plan the VPC — ünïcode", tags: ["vpc", "billing", "vpc", "a:b@c"])
        )
        #expect(created.title == "Plan the VPC — ünïcode")
        #expect(created.tags == ["a:b@c", "billing", "vpc"], "tags are kept sorted, each once")
        #expect(try await store.session(SessionKey("t")) == created)
        let plain = try await store.create(NewSession(id: "plain", title: ""))
        #expect(plain.title == nil && plain.tags.isEmpty, "an empty title is none")

        clock.advance(by: .seconds(1))
        let retitled = try await store.update(SessionKey("t"), SessionUpdate(title: "Renamed"))
        #expect(retitled.title == "Renamed" && retitled.tags == created.tags)
        #expect(retitled.version == created.version + 1 && retitled.updatedAt > created.updatedAt)
        let retagged = try await store.update(SessionKey("t"), SessionUpdate(tags: ["z", "y"]))
        #expect(retagged.tags == ["y", "z"] && retagged.title == "Renamed")
        let cleared = try await store.update(SessionKey("t"), SessionUpdate(title: "", tags: []))
        #expect(cleared.title == nil && cleared.tags.isEmpty)
        #expect(try await store.session(SessionKey("t")) == cleared)

        let longest = String(repeating: "é🙂", count: SessionLabels.maximumTitleLength / 2)
        let manyTags = (0..<SessionLabels.maximumTagCount).map { "tag-\($0)" }
        let full = try await store.update(SessionKey("t"), SessionUpdate(title: longest, tags: manyTags.reversed()))
        #expect(full.title == longest && full.tags == manyTags.sorted(), "the longest title and most tags")

        for bad in [
            SessionUpdate(title: "two\nlines"), SessionUpdate(title: longest + "é"), SessionUpdate(title: "nul\u{0}"),
            SessionUpdate(tags: ["has space"]), SessionUpdate(tags: [""]), SessionUpdate(tags: [".."]),
            SessionUpdate(tags: manyTags + ["one-more"]), SessionUpdate(tags: manyTags + [manyTags[0]]),
            SessionUpdate(phase: .planning, tags: ["ok", "not ok"]),
        ] {
            let error = await expectError(.invalidArgument, "\(bad)") {
                try await store.update(SessionKey("t"), bad)
            }
            #expect(["title", "tags"].contains(error?.field), "\(String(describing: error))")
        }
        #expect(try await store.session(SessionKey("t")) == full, "a refused update changes nothing")
        await expectError(.invalidArgument) { try await store.create(NewSession(id: "bad", title: "tab\there")) }
        await expectError(.invalidArgument) { try await store.create(NewSession(id: "bad", tags: ["ä"])) }
        #expect(try await store.session(SessionKey("bad")) == nil)

        try await store.append(messages(0..<2), to: SessionKey("t"))
        let fork = try await store.fork(SessionKey("t"), through: nil, as: "t-fork")
        #expect(fork.title == longest && fork.tags == full.tags, "a fork keeps the title and tags")
    }

    func listByTagsAndMetadata() async throws {
        try await store.create(
            NewSession(id: "a", userID: "ana", metadata: ["customer": "acme", "tier": 3], tags: ["billing", "vip"])
        )
        clock.advance(by: .seconds(1))
        try await store.create(NewSession(id: "b", userID: "bo", metadata: ["customer": "acme"], tags: ["billing"]))
        clock.advance(by: .seconds(1))
        try await store.create(NewSession(id: "c", userID: "ana", metadata: ["customer": "globex", "tier": "3"]))
        clock.advance(by: .seconds(1))
        try await store.create(NewSession(id: "d", metadata: ["customer": ["name": "acme"]], tags: ["vip"]))
        try await store.create(NewSession(id: "x", app: "other", metadata: ["customer": "acme"], tags: ["billing"]))

        func ids(_ query: SessionQuery) async throws -> [String] {
            let listed = try await store.list(query).sessions.map(\.id.rawValue)
            #expect(try await store.count(query) == listed.count, "count agrees with the listing of \(query)")
            return listed
        }
        #expect(try await ids(SessionQuery(tags: ["billing"])) == ["b", "a"])
        #expect(try await ids(SessionQuery(tags: ["vip"])) == ["d", "a"])
        #expect(try await ids(SessionQuery(tags: ["vip", "billing"])) == ["a"], "every tag given must be carried")
        #expect(try await ids(SessionQuery(tags: ["billing", "billing"])) == ["b", "a"])
        #expect(try await ids(SessionQuery(tags: ["nobody-has-it"])).isEmpty)
        #expect(try await ids(SessionQuery(metadata: ["customer": "acme"])) == ["b", "a"], "string values only")
        #expect(try await ids(SessionQuery(metadata: ["tier": "3"])) == ["c"], "the number 3 is not the string 3")
        #expect(try await ids(SessionQuery(metadata: ["customer": "acme", "tier": "3"])).isEmpty)
        #expect(try await ids(SessionQuery(userID: "ana", metadata: ["customer": "acme"])) == ["a"])
        #expect(try await ids(SessionQuery(metadata: ["missing": ""])).isEmpty)
        #expect(try await ids(SessionQuery(app: "other", tags: ["billing"], metadata: ["customer": "acme"])) == ["x"])
        let key = String(repeating: "k", count: SessionQuery.maximumMetadataKeyLength)
        #expect(try await ids(SessionQuery(metadata: [key: "v", "with \"quote\" and $.dot": "v"])).isEmpty)

        // A change of tags or metadata moves the session in and out of the filters.
        try await store.update(SessionKey("b"), SessionUpdate(metadata: ["customer": nil], tags: ["vip"]))
        #expect(try await ids(SessionQuery(tags: ["billing"])) == ["a"])
        #expect(try await ids(SessionQuery(tags: ["vip"])) == ["b", "d", "a"])
        #expect(try await ids(SessionQuery(metadata: ["customer": "acme"])) == ["a"])

        var paged: [String] = []
        var query = SessionQuery(tags: ["vip"], limit: 1)
        repeat {
            let page = try await store.list(query)
            paged += page.sessions.map(\.id.rawValue)
            query.cursor = page.nextCursor
        } while query.cursor != nil && paged.count < 10
        #expect(paged == ["b", "d", "a"], "paging under a tag filter")

        for bad in [
            SessionQuery(tags: ["has space"]), SessionQuery(tags: [""]),
            SessionQuery(metadata: ["": "v"]), SessionQuery(metadata: [key + "k": "v"]),
            SessionQuery(metadata: ["k": "nul\u{0}"]),
        ] {
            await expectError(.invalidArgument, "\(bad)") { try await store.list(bad) }
            await expectError(.invalidArgument, "\(bad)") { try await store.count(bad) }
        }
    }

    func summariesAndCounts() async throws {
        for index in 0..<12 {
            try await store.create(
                NewSession(
                    id: SessionID("s-\(index < 10 ? "0" : "")\(index)"),
                    userID: index % 3 == 0 ? "ana" : "bo",
                    agentName: "planner",
                    state: ["step": .int(Int64(index)), "user:name": "N"],
                    metadata: ["index": .int(Int64(index))],
                    title: index % 2 == 0 ? "Session \(index)" : nil,
                    tags: index % 4 == 0 ? ["four"] : []
                )
            )
            if index % 5 == 0 { clock.advance(by: .milliseconds(3)) }
        }
        try await store.append(messages(0..<3), to: SessionKey("s-04"))
        try await store.finalize(SessionKey("s-07"), outcome: .failed, summary: "gave up")
        try await store.recordError(SessionKey("s-02"), message: "boom")

        for query in [
            SessionQuery(), SessionQuery(userID: "ana"), SessionQuery(isFinalized: false),
            SessionQuery(tags: ["four"]), SessionQuery(order: .oldestFirst), SessionQuery(userID: "nobody"),
        ] {
            let sessions = try await store.list(query).sessions
            let summaries = try await store.listSummaries(query).summaries
            #expect(summaries == sessions.map(SessionSummary.init), "summaries of \(query)")
            #expect(try await store.count(query) == sessions.count)
            var limited = query
            limited.limit = 5
            let first = try await store.listSummaries(limited)
            #expect(first.summaries == Array(summaries.prefix(5)))
            #expect(first.nextCursor == (try await store.list(limited)).nextCursor, "the same cursor as list")
            #expect(try await store.count(limited) == sessions.count, "a count ignores the limit")
            limited.cursor = first.nextCursor
            if limited.cursor != nil {
                let next = try await store.list(limited).sessions
                #expect(next.map(SessionSummary.init) == Array(summaries.dropFirst(5).prefix(5)), "cursors mix")
                #expect(try await store.count(limited) == sessions.count, "a count ignores the cursor")
            }
        }
        #expect(try await store.count(SessionQuery()) == 12)
        #expect(try await store.count(SessionQuery(app: "other")) == 0)
        #expect(try await store.listSummaries(SessionQuery(limit: 0)).summaries.isEmpty)
        await expectError(.invalidArgument) { try await store.listSummaries(SessionQuery(limit: -1)) }
        await expectError(.invalidArgument) { try await store.count(SessionQuery(app: "no spaces")) }
        await expectError(.invalidArgument) { try await store.count(SessionQuery(phase: "no-such-phase")) }
    }

    func listOrders() async throws {
        // Created in the order a, b, c, d; active in the order c, a, d, b; b and d share times.
        try await store.create(NewSession(id: "a"))
        clock.advance(by: .seconds(1))
        try await store.create(NewSession(id: "d"))
        try await store.create(NewSession(id: "b"))
        clock.advance(by: .seconds(1))
        try await store.create(NewSession(id: "c"))
        clock.advance(by: .seconds(1))
        try await store.update(SessionKey("c"), SessionUpdate(title: "touched"))
        clock.advance(by: .seconds(1))
        try await store.append([message(0)], to: SessionKey("a"))

        func ids(_ order: SessionOrder, limit: Int? = nil) async throws -> [String] {
            try await store.list(SessionQuery(order: order, limit: limit)).sessions.map(\.id.rawValue)
        }
        #expect(try await ids(.recentActivityFirst) == ["a", "c", "b", "d"])
        #expect(try await ids(SessionOrder(.updatedAt, newestFirst: false)) == ["d", "b", "c", "a"])
        #expect(try await ids(.newestFirst) == ["c", "b", "d", "a"], "ties by id ascending, newest first")
        #expect(try await ids(.oldestFirst) == ["a", "d", "b", "c"], "the exact reverse, ties by id descending")
        #expect(try await ids(.oldestFirst, limit: Int.max) == ["a", "d", "b", "c"])

        for order in SessionOrder.Key.allCases.flatMap({ [SessionOrder($0), SessionOrder($0, newestFirst: false)] }) {
            let everything = try await ids(order)
            var paged: [String] = []
            var query = SessionQuery(order: order, limit: 1)
            repeat {
                let page = try await store.list(query)
                paged += page.sessions.map(\.id.rawValue)
                // Through text, as a client would send it back.
                query.cursor = try page.nextCursor.map { cursor throws in try SessionCursor(token: cursor.token) }
                if let cursor = query.cursor { #expect(cursor.order == order) }
            } while query.cursor != nil && paged.count < 10
            #expect(paged == everything, "paging by \(order)")
            let summaries = try await store.listSummaries(SessionQuery(order: order)).summaries
            #expect(summaries.map(\.id.rawValue) == everything)
        }

        let activityCursor = try #require(try await store.list(SessionQuery(limit: 1)).nextCursor)
        let error = await expectError(.invalidArgument, "a cursor of another order") {
            try await store.list(SessionQuery(order: .newestFirst, limit: 1, cursor: activityCursor))
        }
        #expect(error?.field == "cursor")
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try SessionOrder(text: "title") }
        #expect(throws: SessionStoreError(.invalidArgument, "")) { try SessionOrder(text: "--created_at") }
        #expect(try SessionOrder(text: "-created_at") == .newestFirst)
        let defaultToken = activityCursor.token
        #expect(!defaultToken.hasSuffix("-updated_at"), "the default order's tokens keep their old spelling")
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try SessionCursor(token: defaultToken + "~-updated_at")
        }
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try SessionCursor(token: defaultToken + "~sideways")
        }
    }
}

import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    /// A message with its caller's token count.
    func counted(_ index: Int, tokens: Int64?) -> NewItem {
        var item = message(index, tag: "t")
        item.tokens = tokens
        return item
    }

    func itemTokensTravel() async throws {
        let key = try await create("counted").key
        let counts: [Int64?] = [12, nil, 0, SessionItem.maximumTokens, nil]
        try await store.append(counts.enumerated().map { counted($0.offset, tokens: $0.element) }, to: key)
        let items = try await store.items(of: key, .all)
        #expect(items.map(\.tokens) == counts, "every item keeps its caller's count, or none")
        #expect(items[1].tokenCount == TokenEstimate.tokens(in: items[1].content), "an uncounted item is estimated")
        #expect(items[3].tokenCount == SessionItem.maximumTokens)
        #expect(
            try await store.items(of: key, ItemQuery(limit: 2, after: 2)).map(\.tokens) == [
                0, SessionItem.maximumTokens,
            ]
        )

        let fork = try await store.fork(key, through: 4, as: "counted-fork")
        #expect(
            try await store.items(of: fork.key, .all).map(\.tokens) == Array(counts.prefix(4)),
            "a fork copies counts"
        )
        #expect(
            try await store.popLastItem(of: fork.key)?.tokens == SessionItem.maximumTokens,
            "a pop returns its count"
        )

        let session = try #require(try await store.session(key))
        var copy = session
        copy.id = "counted-copy"
        try await store.restore(copy)
        #expect(try await store.restore(items, to: copy.key) == items.count)
        #expect(try await store.items(of: copy.key, .all) == items, "a restore keeps counts")

        // The model's view and compactions count the caller's tokens.
        let view = try await store.context(of: key)
        #expect(view.entries.map(\.tokens) == items.map(\.tokenCount))
        let compaction = try await store.compact(key, CompactionRequest(summary: summary("counted"), through: 3))
        #expect(compaction.tokensBefore == items.prefix(3).reduce(0) { $0 + $1.tokenCount })
    }

    func itemTokensRefused() async throws {
        let key = try await create("refused").key
        try await store.append([counted(0, tokens: 5)], to: key)
        let before = try #require(try await store.session(key))
        for bad in [-1, SessionItem.maximumTokens + 1, Int64.max, Int64.min] {
            let error = await expectError(.invalidArgument, "tokens \(bad)") {
                try await store.append([counted(1, tokens: 1), counted(2, tokens: bad)], to: key)
            }
            #expect(error?.field == "tokens")
            #expect(error?.message.contains(String(bad)) == true, "the message names the count")
            // Item 1 is stored already: only its count can be what is refused first.
            let item = SessionItem(sequence: 1, createdAt: clock.now(), content: message(9).content, tokens: bad)
            await expectError(.invalidArgument, "a restored item with tokens \(bad)") {
                try await store.restore([item], to: key)
            }
        }
        #expect(try await store.session(key) == before, "a refused count changes nothing")
        #expect(try await store.items(of: key, .all).map(\.tokens) == [5])
    }

    func sessionTokens() async throws {
        let key = try await create("totals", agent: "support").key
        await expectError(.notFound) { try await store.tokens(of: SessionKey("no-such-session")) }
        let empty = try await store.tokens(of: key)
        #expect(empty == SessionTokens(itemCount: 0, tokens: 0, countedItems: 0, contextTokens: 0))

        try await store.append([counted(0, tokens: 100), counted(1, tokens: nil), counted(2, tokens: 7)], to: key)
        let items = try await store.items(of: key, .all)
        let total = items.reduce(0) { $0 + $1.tokenCount }
        let tokens = try await store.tokens(of: key)
        #expect(tokens == SessionTokens(itemCount: 3, tokens: total, countedItems: 2, contextTokens: total))
        #expect(tokens.contextShare(ofWindow: total * 2) == 0.5)
        #expect(tokens.contextShare(ofWindow: 0) == nil)

        let compaction = try await store.compact(
            key,
            CompactionRequest(summary: summary("totals"), through: 2, summaryTokens: 3)
        )
        let compacted = try await store.tokens(of: key)
        #expect(compacted.tokens == total, "raw items still count whole")
        #expect(compacted.contextTokens == compaction.tokensAfter + 7, "the view: the summary and item 3")
        #expect(compacted.contextTokens == (try await store.context(of: key)).tokensBefore)

    }

    func statisticsCountTokens() async throws {
        let key = try await create("totals", agent: "support").key
        try await store.append([counted(0, tokens: 100), counted(1, tokens: nil), counted(2, tokens: 7)], to: key)
        let total = try await store.items(of: key, .all).reduce(0) { $0 + $1.tokenCount }
        let other = try await create("totals-2", agent: "billing").key
        try await store.append([counted(0, tokens: SessionItem.maximumTokens)], to: other)
        let elsewhere = try await create("totals-3", app: "elsewhere", agent: "support").key
        try await store.append([counted(0, tokens: 1_000)], to: elsewhere)
        try await create("totals-4", agent: "idle")

        let statistics = try await store.statistics(app: SessionKey.defaultApp)
        #expect(
            statistics.tokensByAgent == ["support": total, "billing": SessionItem.maximumTokens],
            "tokens by the sessions' agent, in the app asked for; none for an agent without items"
        )
        #expect(statistics.tokenCount == total + SessionItem.maximumTokens)
        let everywhere = try await store.statistics(app: nil)
        #expect(everywhere.tokensByAgent["support"] == total + 1_000)

        try await store.popLastItem(of: key)
        #expect(try await store.statistics(app: SessionKey.defaultApp).tokensByAgent["support"] == total - 7)
        try await store.clearItems(of: key)
        #expect(try await store.statistics(app: SessionKey.defaultApp).tokensByAgent["support"] == nil)
    }
}

extension SessionStoreConformance.Context {
    func pinnedItemsStayInTheView() async throws {
        let key = try await create("pinned").key
        await expectError(.notFound) { try await store.pinnedItems(of: SessionKey("no-such-session")) }
        #expect(try await store.pinnedItems(of: key).isEmpty)
        var rule = message(1, tag: "rule")
        rule.isPinned = true
        var late = message(6, tag: "late")
        late.isPinned = true
        try await store.append(messages(0..<1) + [rule] + messages(2..<6) + [late], to: key)
        let items = try await store.items(of: key, .all)
        #expect(items.map(\.isPinned) == [false, true, false, false, false, false, true], "reads keep the flag")
        #expect(try await store.pinnedItems(of: key).map(\.sequence) == [2, 7])
        #expect(try await store.pinnedItems(of: key) == [items[1], items[6]])

        // A summary standing for a pinned item keeps it beside the summary, whatever the budget.
        let compaction = try await store.compact(key, CompactionRequest(summary: summary("pins"), through: 5))
        let view = try await store.context(of: key)
        #expect(view.entries.map(\.sequence) == [2, nil, 6, 7])
        #expect(view.entries.map(\.isPinned) == [true, false, false, true])
        let asked = try await store.context(of: key, ContextRequest(pinned: [2, 4]))
        #expect(asked.entries.map(\.sequence) == [2, 4, nil, 6, 7], "stored and asked pins, each once, in order")
        let starved = try await store.context(of: key, ContextRequest(maxTokens: 0))
        #expect(starved.entries.map(\.sequence) == [2, 7] && !starved.fits, "pinned items are never dropped")
        #expect(starved.droppedCompactions == [compaction.number] && starved.droppedSequences == [6])
        #expect(try await store.tokens(of: key).contextTokens == view.tokensBefore)

        // Pins travel with forks and restores, and go with their items.
        let fork = try await store.fork(key, through: 6, as: "pinned-fork")
        #expect(try await store.pinnedItems(of: fork.key).map(\.sequence) == [2])
        #expect(try await store.context(of: fork.key).entries.map(\.sequence) == [2, nil, 6])
        var copy = try #require(try await store.session(key))
        copy.id = "pinned-copy"
        try await store.restore(copy)
        try await store.restore(items, to: copy.key)
        #expect(try await store.pinnedItems(of: copy.key) == [items[1], items[6]])
        #expect(try await store.popLastItem(of: key)?.isPinned == true)
        #expect(try await store.pinnedItems(of: key).map(\.sequence) == [2])
        try await store.clearItems(of: key)
        #expect(try await store.pinnedItems(of: key).isEmpty)
    }
}

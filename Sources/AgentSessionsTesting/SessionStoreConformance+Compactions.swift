import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    /// A tool call and its result, in the OpenAI Responses shape.
    func toolCall(_ id: String) -> [NewItem] {
        [
            NewItem(["type": "function_call", "call_id": .string(id), "name": "lookup", "arguments": "{}"]),
            NewItem([
                "type": "function_call_output", "call_id": .string(id),
                "output": .string(String(repeating: "r", count: 400)),
            ]),
        ]
    }

    func summary(_ text: String) -> JSONDocument {
        JSONDocument(["role": "system", "content": .string("Summary: \(text)")])
    }

    func estimate(_ items: [SessionItem]) -> Int64 {
        items.reduce(0) { $0 + TokenEstimate.tokens(in: $1.content) }
    }

    func compactionsKeepRawItems() async throws {
        let key = try await create("compacted").key
        try await store.append(messages(0..<2) + toolCall("call-1") + messages(2..<4), to: key)
        let items = try await store.items(of: key, .all)
        let before = try #require(try await store.session(key))

        let first = try await store.compact(key, CompactionRequest(summary: summary("one"), through: 2))
        #expect(first.number == 1 && first.firstSequence == 1 && first.lastSequence == 2)
        #expect(first.author == .caller)
        #expect(first.createdAt == clock.now())
        #expect(first.tokensBefore == estimate(Array(items.prefix(2))))
        #expect(first.tokensAfter == TokenEstimate.tokens(in: summary("one")))
        #expect(try await store.items(of: key, .all) == items, "compaction changes no raw item")
        #expect(try await store.session(key) == before, "nor the session")

        let splitting = await expectError(.invalidArgument, "a range ending between a call and its result") {
            try await store.compact(key, CompactionRequest(summary: summary("two"), through: 3))
        }
        #expect(splitting?.message.contains("call-1") == true, "the message names the call")
        await expectError(.invalidArgument, "a range starting between a call and its result") {
            try await store.compact(key, CompactionRequest(summary: summary("two"), from: 4, through: 6))
        }
        clock.advance(by: .seconds(5))
        let rolling = CompactionRequest(
            summary: summary("two"),
            through: 4,
            author: .summarizer(agent: "support", model: "offline"),
            summaryTokens: 7
        )
        let second = try await store.compact(key, rolling)
        #expect(
            second.number == 2 && second.firstSequence == 1 && second.lastSequence == 4,
            "a rolling summary starts where the latest does"
        )
        #expect(second.tokensBefore == estimate(Array(items.prefix(4))), "the tokens of every item it stands for")
        #expect(second.tokensAfter == 7, "the caller's count of the summary")
        #expect(second.author == .summarizer(agent: "support", model: "offline"))
        #expect(try await store.compactions(of: key) == [first, second])

        let conflict = await expectError(.versionConflict, "a compaction that does not reach past the latest") {
            try await store.compact(key, CompactionRequest(summary: summary("again"), through: 4))
        }
        #expect(conflict?.field == "last_seq")
        let past = await expectError(.invalidArgument, "a range past the last item") {
            try await store.compact(key, CompactionRequest(summary: summary("future"), through: 7))
        }
        #expect(past?.field == "last_seq")
        let malformed: [(String, CompactionRequest)] = [
            ("first_seq", CompactionRequest(summary: summary("x"), from: 0, through: 5)),
            ("last_seq", CompactionRequest(summary: summary("x"), from: 5, through: 4)),
            ("last_seq", CompactionRequest(summary: summary("x"), through: Int64.max)),
            ("tokens_after", CompactionRequest(summary: summary("x"), through: 5, summaryTokens: -1)),
            ("tokens_after", CompactionRequest(summary: summary("x"), through: 5, summaryTokens: Int64.max)),
            (
                "author.agent",
                CompactionRequest(summary: summary("x"), through: 5, author: .summarizer(agent: "", model: "m"))
            ),
        ]
        for (field, request) in malformed {
            let error = await expectError(.invalidArgument, "malformed: \(field)") {
                try await store.compact(key, request)
            }
            #expect(error?.field == field)
        }
        let direct = NewCompaction(
            firstSequence: 1,
            lastSequence: 5,
            summary: summary("x"),
            tokensBefore: -1,
            tokensAfter: 1
        )
        await expectError(.invalidArgument, "a negative count given to the store") {
            try await store.addCompaction(direct, to: key)
        }
        #expect(try await store.compactions(of: key) == [first, second], "refused compactions store nothing")

        let missing = SessionKey("no-such-session")
        await expectError(.notFound) { try await store.compactions(of: missing) }
        await expectError(.notFound) {
            try await store.compact(missing, CompactionRequest(summary: summary("x"), through: 1))
        }
        let otherApp = SessionKey(key.id, app: "elsewhere")
        await expectError(.notFound, "another app's session of the same id") {
            try await store.compactions(of: otherApp)
        }
    }

    func compactionsInForkClearAndDelete() async throws {
        let key = try await create("lineage").key
        try await store.append(messages(0..<6), to: key)
        let first = try await store.compact(key, CompactionRequest(summary: summary("a"), through: 2))
        let second = try await store.compact(key, CompactionRequest(summary: summary("b"), from: 3, through: 4))
        let third = try await store.compact(key, CompactionRequest(summary: summary("c"), through: 6))
        #expect(third.firstSequence == 3, "the rolling default starts at the latest compaction's first item")

        let whole = try await store.fork(key, through: nil, as: "lineage-all")
        #expect(try await store.compactions(of: whole.key) == [first, second, third], "a fork keeps them as they are")
        let partial = try await store.fork(key, through: 5, as: "lineage-5")
        #expect(try await store.compactions(of: partial.key) == [first, second], "only those it fully contains")
        let early = try await store.fork(key, through: 1, as: "lineage-1")
        #expect(try await store.compactions(of: early.key).isEmpty)
        #expect(try await store.compactions(of: key) == [first, second, third], "the source keeps its own")

        #expect(try await store.clearItems(of: whole.key) == 6)
        #expect(try await store.compactions(of: whole.key).isEmpty, "clearing the items clears their compactions")
        #expect(try await store.compactions(of: key).count == 3)

        try await store.delete(key)
        try await create("lineage")
        #expect(try await store.compactions(of: key).isEmpty, "a deleted session's compactions go with it")
    }

    func compactionRestore() async throws {
        let key = try await create("moved").key
        try await store.append(messages(0..<8), to: key)
        let base = Compaction(
            number: 1,
            firstSequence: 1,
            lastSequence: 3,
            summary: summary("restored"),
            author: .summarizer(agent: "support", model: "m"),
            createdAt: try #require(Timestamp(iso8601: "2001-02-03T04:05:06.789012Z")),
            tokensBefore: Session.largestCount,
            tokensAfter: 0
        )
        var next = base
        next.number = 5
        next.lastSequence = 8
        next.firstSequence = 8
        #expect(try await store.restoreCompactions([base, next], to: key) == 2)
        #expect(try await store.compactions(of: key) == [base, next], "kept exactly, numbers and times included")
        #expect(try await store.restoreCompactions([base, next], to: key) == 0, "restoring again stores nothing twice")
        #expect(try await store.restoreCompactions([], to: key) == 0)

        let other = try await create("moved-2").key
        try await store.append(messages(0..<8), to: other)
        var late = next
        late.lastSequence = 9
        var backwards = next
        backwards.firstSequence = 1
        backwards.lastSequence = 2
        var zero = base
        zero.number = 0
        var ancient = base
        ancient.createdAt = Timestamp(microsecondsSinceEpoch: Int64.min)
        for (field, compactions) in [
            ("last_seq", [late]), ("compactions", [base, backwards]), ("number", [zero]), ("created_at", [ancient]),
        ] {
            let error = await expectError(.invalidArgument, "restore: \(field)") {
                try await store.restoreCompactions(compactions, to: other)
            }
            #expect(error?.field == field)
        }
        #expect(try await store.compactions(of: other).isEmpty, "a refused restore stores nothing")
        await expectError(.notFound) { try await store.restoreCompactions([base], to: SessionKey("nowhere")) }

        try await store.append([message(8)], to: key)
        let after = try await store.compact(key, CompactionRequest(summary: summary("after"), through: 9))
        #expect(after.number == 6 && after.firstSequence == 8, "numbering goes on after the restored ones")
    }

    func modelContext() async throws {
        let key = try await create("viewed").key
        let instructions = NewItem(["role": "system", "content": "You are terse."])
        try await store.append([instructions] + messages(0..<3) + toolCall("c1") + messages(3..<5), to: key)
        let items = try await store.items(of: key, .all)

        let raw = try await store.context(of: key)
        #expect(raw.entries.map(\.sequence) == items.map(\.sequence), "without compactions, every item")
        #expect(raw.documents == items.map(\.content))
        #expect(raw.entries.first?.isPinned == true, "an opening system message is pinned")
        #expect(raw.tokensBefore == estimate(items) && raw.tokensAfter == raw.tokensBefore && raw.fits)

        let compaction = try await store.compact(key, CompactionRequest(summary: summary("early"), from: 2, through: 4))
        let viewed = try await store.context(of: key)
        #expect(viewed.entries.map(\.sequence) == [1, nil, 5, 6, 7, 8])
        #expect(viewed.entries[1].source == .summary(compaction: 1, first: 2, last: 4))
        #expect(viewed.entries[1].content == compaction.summary && viewed.entries[1].tokens == compaction.tokensAfter)
        #expect(try await store.items(of: key, .all) == items, "the view changes nothing stored")

        let pinnedView = try await store.context(of: key, ContextRequest(pinned: [3]))
        #expect(pinnedView.entries.map(\.sequence) == [1, 3, nil, 5, 6, 7, 8], "a pinned item shows though compacted")

        let output = try #require(viewed.entries.first { $0.sequence == 6 })
        let budget =
            viewed.tokensBefore - output.tokens
            + TokenEstimate.tokens(in: JSONDocument(try #require(ToolCallLinks.elided(try output.content.object()))))
        let elided = try await store.context(of: key, ContextRequest(maxTokens: budget))
        #expect(elided.elidedSequences == [6] && elided.droppedSequences.isEmpty, "a tool result is elided first")
        #expect(elided.fits && elided.tokensAfter <= budget && elided.tokensBefore == viewed.tokensBefore)
        let shortened = try #require(elided.entries.first { $0.sequence == 6 })
        #expect(shortened.isElided)
        #expect(try shortened.content.object()["call_id"] == "c1", "the call id stays")
        #expect(try shortened.content.object()["output"]?.stringValue == ToolCallLinks.elisionText)

        let tight = try await store.context(of: key, ContextRequest(maxTokens: budget - 1))
        #expect(tight.fits)
        #expect(tight.droppedCompactions == [1], "then the oldest entries go whole")
        #expect(tight.entries.first?.sequence == 1, "the pinned system message stays")

        let starved = try await store.context(of: key, ContextRequest(maxTokens: 0))
        #expect(starved.entries.map(\.sequence) == [1] && !starved.fits, "pinned entries stay even over the budget")
        #expect(starved.droppedSequences == [5, 6, 7, 8], "a call takes its result along")

        let extreme = try await store.context(of: key, ContextRequest(maxTokens: Int64.max, pinned: [Int64.max]))
        #expect(extreme.entries == viewed.entries)
        await expectError(.invalidArgument) { try await store.context(of: key, ContextRequest(maxTokens: -1)) }
        await expectError(.invalidArgument) { try await store.context(of: key, ContextRequest(pinned: [0])) }
        await expectError(.notFound) { try await store.context(of: SessionKey("unseen")) }
    }

    func compactionRacingAppends() async throws {
        let key = try await create("raced").key
        try await store.append(messages(0..<10), to: key)
        let appenders = 50
        let compaction = try await withThrowingTaskGroup(of: Compaction?.self) { group in
            for index in 0..<appenders {
                group.addTask {
                    try await store.append([message(index, tag: "late")], to: key)
                    return nil
                }
            }
            group.addTask {
                let read = try await store.items(of: key, .all)
                let last = try #require(read.last).sequence
                let made = try await store.compact(key, CompactionRequest(summary: summary("raced"), through: last))
                #expect(made.lastSequence == last, "it covers exactly what it read")
                #expect(made.tokensBefore == estimate(read))
                return made
            }
            return try await group.reduce(into: [Compaction]()) { if let made = $1 { $0.append(made) } }.first
        }
        let made = try #require(compaction)
        let items = try await store.items(of: key, .all)
        #expect(items.count == 10 + appenders, "no item lost")
        let view = try await store.context(of: key)
        #expect(view.entries.compactMap(\.sequence) == items.map(\.sequence).filter { $0 > made.lastSequence })
        #expect(view.entries.first?.source == .summary(compaction: 1, first: 1, last: made.lastSequence))
    }
}

// Compaction and the model's view, built once on every store's primitives.

extension SessionStore {
    /// Compacts a session as ``SessionStore/compact(_:_:)`` says: stores a summary that stands
    /// for the items `from...through` in the model's view. Raw items are never changed or
    /// removed.
    ///
    /// The items the summary stands for are read first: the range must not separate a tool call
    /// from its result (``ToolCallLinks``), and their tokens become the compaction's
    /// ``Compaction/tokensBefore``. The store then adds the compaction in one transaction, so
    /// items appended meanwhile are never covered (they come after `through`), and of two
    /// racing compactions of one range, one wins and the other is a version conflict.
    /// - Returns: The stored compaction.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (a malformed summary or range,
    ///   a range past the session's last item or that splits a tool call from its result),
    ///   version conflict (the latest compaction already reaches `through`).
    @discardableResult
    public func compact(_ key: SessionKey, _ request: CompactionRequest) async throws -> Compaction {
        let latest = try await compactions(of: key).last
        let first = request.firstSequence ?? latest?.firstSequence ?? 1
        let probe = NewCompaction(
            firstSequence: first,
            lastSequence: request.lastSequence,
            summary: request.summary,
            author: request.author,
            tokensBefore: 0,
            tokensAfter: request.summaryTokens ?? 0
        )
        try probe.validate()
        // A rolling summary counts on the latest compaction's range, which was checked when it
        // was made: only the items past it are read.
        var tokensBefore: Int64 = 0
        var readFrom = first
        if let latest, latest.firstSequence == first, latest.lastSequence < request.lastSequence {
            tokensBefore = latest.tokensBefore
            readFrom = latest.lastSequence + 1
        }
        let covered = try await items(
            of: key,
            ItemQuery(limit: Int(request.lastSequence - readFrom + 1), after: readFrom - 1)
        )
        try Self.checkToolPairs(covered, from: readFrom, through: request.lastSequence, in: key)
        for item in covered { tokensBefore &+= item.tokenCount }
        var new = probe
        new.tokensBefore = min(tokensBefore, Session.largestCount)
        new.tokensAfter = request.summaryTokens ?? TokenEstimate.tokens(in: request.summary)
        return try await addCompaction(new, to: key)
    }

    /// Throws when a range of items holds a tool call without its result or a result without
    /// its call.
    private static func checkToolPairs(
        _ items: [SessionItem],
        from first: Int64,
        through last: Int64,
        in key: SessionKey
    ) throws(SessionStoreError) {
        var calls: [String: Int64] = [:]
        var results: [String: Int64] = [:]
        for item in items {
            let links = ToolCallLinks(item.content)
            for id in links.calls { calls[id] = item.sequence }
            for id in links.results { results[id] = item.sequence }
        }
        if let (id, sequence) = calls.first(where: { results[$0.key] == nil }).map({ ($0.key, $0.value) }) {
            throw .invalid(
                "last_seq",
                "items \(first)...\(last) of session '\(key.id)' hold tool call '\(Identifier.printable(id))' "
                    + "(item \(sequence)) without its result; end the compaction before item \(sequence), "
                    + "or after the result"
            )
        }
        if let (id, sequence) = results.first(where: { calls[$0.key] == nil }).map({ ($0.key, $0.value) }) {
            throw .invalid(
                "first_seq",
                "items \(first)...\(last) of session '\(key.id)' hold the result of tool call "
                    + "'\(Identifier.printable(id))' (item \(sequence)) without the call; start the compaction "
                    + "at the call, or after item \(sequence)"
            )
        }
    }

    /// The model's view of a session, as ``SessionStore/context(of:_:)`` says: the summaries of its compactions in place of the
    /// items they stand for, then the raw items after them; with a budget, older tool results
    /// are elided and then the oldest entries dropped, never a pinned one. Stored items are not
    /// changed.
    ///
    /// The summaries shown are the latest compaction's and, before it, those of earlier
    /// compactions that end before it starts; items no shown summary stands for are shown raw.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (a negative budget or pin).
    public func context(of key: SessionKey, _ request: ContextRequest) async throws -> ModelContext {
        let compactions = try await compactions(of: key)
        let pinned = ContextPlan.needsPinnedItems(compactions) ? try await pinnedItems(of: key) : []
        let plan = try ContextPlan(request, compactions: compactions, pinnedItems: pinned)
        var results: [[SessionItem]] = []
        for query in plan.queries { results.append(try await items(of: key, query)) }
        return plan.context(reading: results)
    }

    /// The model's view of a session without a budget or pins of the caller.
    public func context(of key: SessionKey) async throws -> ModelContext {
        try await context(of: key, ContextRequest())
    }
}

/// How the model's view of a session is read: from its compactions, the item reads it needs
/// (``queries``), then, with their results, the view (``context(reading:)``).
///
/// The protocol's default `context(of:_:)` runs the queries one store call each; a store may run
/// them in one read of its own and build the same view.
package struct ContextPlan: Sendable {
    /// A query's part in the view.
    private enum Part: Sendable {
        /// The session's first item, pinned when it is a system or developer message.
        case opening
        /// Raw items that no shown summary stands for.
        case raw
        /// An item the caller pinned in the request, which a summary stands for.
        case pinned(Int64)
        /// A stored pinned item (``SessionItem/isPinned``), which a summary stands for; no read.
        case storedPin(SessionItem)
        /// A compaction's summary; no read.
        case summary(Compaction)
    }

    private let request: ContextRequest
    private let parts: [(part: Part, query: ItemQuery?)]

    /// The item reads, in order; ``context(reading:)`` takes their results in the same order.
    package var queries: [ItemQuery] { parts.compactMap(\.query) }

    /// Whether the plan needs the session's stored pinned items (``SessionStore/pinnedItems(of:)``):
    /// only a summary can stand for one; raw items carry their own flag.
    package static func needsPinnedItems(_ compactions: [Compaction]) -> Bool { !compactions.isEmpty }

    /// Plans the view of a session with these compactions and stored pinned items.
    /// - Parameters:
    ///   - request: The budget and the caller's pins.
    ///   - compactions: The session's compactions, by ascending number.
    ///   - pinnedItems: The session's pinned items (those a summary stands for are kept
    ///     beside it); may be empty when ``needsPinnedItems(_:)`` says so.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a negative budget or pin.
    package init(
        _ request: ContextRequest,
        compactions: [Compaction],
        pinnedItems: [SessionItem] = []
    ) throws(SessionStoreError) {
        try request.validate()
        self.request = request
        // The latest compaction's summary, and before it those of earlier compactions that
        // end before it starts.
        var chain: [Compaction] = []
        for compaction in compactions.reversed()
        where compaction.lastSequence < (chain.last?.firstSequence ?? Int64.max) {
            chain.append(compaction)
        }
        chain.reverse()
        var parts: [(Part, ItemQuery?)] = [(.opening, ItemQuery(limit: 1, after: 0))]
        var next: Int64 = 1
        for compaction in chain {
            if compaction.firstSequence > next {
                parts.append((.raw, ItemQuery(limit: Int(compaction.firstSequence - next), after: next - 1)))
            }
            let stored = pinnedItems.filter { compaction.covers($0.sequence) }
            let storedSequences = Set(stored.map(\.sequence))
            var pins: [(Int64, (Part, ItemQuery?))] = stored.map { ($0.sequence, (.storedPin($0), nil)) }
            for pin in request.pinned.filter(compaction.covers) where !storedSequences.contains(pin) {
                pins.append((pin, (.pinned(pin), ItemQuery(limit: 1, after: pin - 1))))
            }
            parts += pins.sorted { $0.0 < $1.0 }.map(\.1)
            parts.append((.summary(compaction), nil))
            next = compaction.lastSequence + 1
        }
        parts.append((.raw, ItemQuery(after: next - 1)))
        self.parts = parts
    }

    /// The view, from the results of ``queries`` in their order.
    package func context(reading results: [[SessionItem]]) -> ModelContext {
        var results = results.makeIterator()
        var pinned = request.pinned
        var opening: SessionItem?
        var entries: [ContextEntry] = []
        // The pinned items just added before a summary, which an opening message precedes.
        var pinnedRun = 0
        func entry(_ item: SessionItem) -> ContextEntry {
            ContextEntry(
                source: .item(sequence: item.sequence),
                content: item.content,
                tokens: item.tokenCount,
                isPinned: item.isPinned || pinned.contains(item.sequence)
            )
        }
        for (part, _) in parts {
            switch part {
            case .opening:
                opening = results.next()?.first
                if let opening, Self.isInstructions(opening) { pinned.insert(opening.sequence) }
            case .raw:
                entries += (results.next() ?? []).map(entry)
                pinnedRun = 0
            case .pinned(let sequence):
                let found = (results.next() ?? []).filter { $0.sequence == sequence }.map(entry)
                entries += found
                pinnedRun += found.count
            case .storedPin(let item):
                entries.append(entry(item))
                pinnedRun += 1
            case .summary(let compaction):
                // An opening system message that the summary stands for comes first of its pins.
                if let opening, pinned.contains(opening.sequence), compaction.covers(opening.sequence),
                    !request.pinned.contains(opening.sequence), !opening.isPinned
                {
                    entries.insert(entry(opening), at: entries.count - pinnedRun)
                }
                pinnedRun = 0
                entries.append(
                    ContextEntry(
                        source: .summary(
                            compaction: compaction.number,
                            first: compaction.firstSequence,
                            last: compaction.lastSequence
                        ),
                        content: compaction.summary,
                        tokens: compaction.tokensAfter
                    )
                )
            }
        }
        let before = entries.reduce(Int64(0)) { $0 &+ $1.tokens }
        guard let maxTokens = request.maxTokens, before > maxTokens else {
            return ModelContext(
                entries: entries,
                maxTokens: request.maxTokens,
                tokensBefore: before,
                tokensAfter: before
            )
        }
        var budget = ContextBudget(entries, maxTokens: maxTokens)
        budget.fit()
        return ModelContext(
            entries: budget.entries,
            maxTokens: maxTokens,
            tokensBefore: before,
            tokensAfter: budget.tokens,
            elidedSequences: budget.elided,
            droppedSequences: budget.dropped,
            droppedCompactions: budget.droppedCompactions
        )
    }

    /// Whether an item is a system or developer message, pinned when it opens a session.
    private static func isInstructions(_ item: SessionItem) -> Bool {
        guard let role = (try? item.content.object())?["role"]?.stringValue else { return false }
        return role == "system" || role == "developer"
    }
}

/// Fits a model's context to a token budget: first tool results are elided, oldest first, then
/// the oldest entries are dropped whole (a call with the results that answer it). Pinned
/// entries are never touched.
struct ContextBudget {
    private(set) var entries: [ContextEntry]
    private(set) var tokens: Int64
    private(set) var elided: [Int64] = []
    private(set) var dropped: [Int64] = []
    private(set) var droppedCompactions: [Int64] = []
    let maxTokens: Int64

    init(_ entries: [ContextEntry], maxTokens: Int64) {
        self.entries = entries
        self.tokens = entries.reduce(0) { $0 &+ $1.tokens }
        self.maxTokens = maxTokens
    }

    /// Elides, then drops, until the entries fit or only pinned ones are left.
    mutating func fit() {
        elideToolResults()
        dropOldest()
    }

    private mutating func elideToolResults() {
        for index in entries.indices where tokens > maxTokens {
            let entry = entries[index]
            guard !entry.isPinned, !entry.isElided, let sequence = entry.sequence,
                let object = try? entry.content.object(), let shortened = ToolCallLinks.elided(object)
            else { continue }
            let content = JSONDocument(shortened)
            let newTokens = TokenEstimate.tokens(in: content)
            guard newTokens < entry.tokens else { continue }
            tokens -= entry.tokens - newTokens
            entries[index] = ContextEntry(
                source: entry.source,
                content: content,
                tokens: newTokens,
                isPinned: false,
                isElided: true
            )
            elided.append(sequence)
        }
    }

    private mutating func dropOldest() {
        guard tokens > maxTokens else { return }
        let links = entries.map { ToolCallLinks($0.content) }
        // The entries that only answer calls, by call id: they go when their call goes.
        var answers: [String: [Int]] = [:]
        for (index, link) in links.enumerated() where link.calls.isEmpty {
            for id in link.results { answers[id, default: []].append(index) }
        }
        var removed = [Bool](repeating: false, count: entries.count)
        func remove(_ index: Int) {
            removed[index] = true
            tokens -= entries[index].tokens
            switch entries[index].source {
            case .item(let sequence): dropped.append(sequence)
            case .summary(let compaction, _, _): droppedCompactions.append(compaction)
            }
        }
        for index in entries.indices where tokens > maxTokens {
            guard !removed[index], !entries[index].isPinned else { continue }
            remove(index)
            for id in links[index].calls {
                for answer in answers[id] ?? [] where answer > index && !removed[answer] && !entries[answer].isPinned {
                    remove(answer)
                }
            }
        }
        dropped.sort()
        entries = entries.indices.filter { !removed[$0] }.map { entries[$0] }
    }
}

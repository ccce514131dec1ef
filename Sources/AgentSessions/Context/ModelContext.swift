/// What to send to a model for a session: the summaries of its compactions in place of the
/// items they stand for, the raw items after them, and, to fit a token budget, tool results
/// elided and the oldest entries dropped. ``SessionStore/context(of:_:)`` builds it; the stored
/// items are never changed.
public struct ModelContext: Hashable, Sendable {
    /// The entries, in conversation order.
    public var entries: [ContextEntry]
    /// The budget asked for, if any.
    public var maxTokens: Int64?
    /// The tokens of the entries before anything was elided or dropped.
    public var tokensBefore: Int64
    /// The tokens of ``entries``.
    public var tokensAfter: Int64
    /// The items whose tool results were elided.
    public var elidedSequences: [Int64]
    /// The items dropped whole.
    public var droppedSequences: [Int64]
    /// The compactions whose summaries were dropped whole.
    public var droppedCompactions: [Int64]

    /// Whether the entries fit the budget (always, without one). They do not when the pinned
    /// entries alone are over it.
    public var fits: Bool { maxTokens.map { tokensAfter <= $0 } ?? true }

    /// The entries' JSON objects, ready to send to a model.
    public var documents: [JSONDocument] { entries.map(\.content) }

    /// Creates a context value; ``SessionStore/context(of:_:)`` builds them.
    public init(
        entries: [ContextEntry],
        maxTokens: Int64?,
        tokensBefore: Int64,
        tokensAfter: Int64,
        elidedSequences: [Int64] = [],
        droppedSequences: [Int64] = [],
        droppedCompactions: [Int64] = []
    ) {
        self.entries = entries
        self.maxTokens = maxTokens
        self.tokensBefore = tokensBefore
        self.tokensAfter = tokensAfter
        self.elidedSequences = elidedSequences
        self.droppedSequences = droppedSequences
        self.droppedCompactions = droppedCompactions
    }
}

/// One entry of a ``ModelContext``: a raw item or a compaction's summary.
public struct ContextEntry: Hashable, Sendable {
    /// Where an entry comes from.
    public enum Source: Hashable, Sendable {
        /// The stored item with this sequence number.
        case item(sequence: Int64)
        /// The summary of a compaction, standing for the items `first...last`.
        case summary(compaction: Int64, first: Int64, last: Int64)
    }

    /// Where the entry comes from.
    public var source: Source
    /// The JSON object to send: the item's or the summary's, or the item with its tool
    /// results elided.
    public var content: JSONDocument
    /// Its tokens: a summary's recorded count, an item's estimate (``TokenEstimate``).
    public var tokens: Int64
    /// Whether the entry is pinned: kept whatever the budget.
    public var isPinned: Bool
    /// Whether its tool results were replaced by ``ToolCallLinks/elisionText``.
    public var isElided: Bool

    /// Creates an entry.
    public init(source: Source, content: JSONDocument, tokens: Int64, isPinned: Bool = false, isElided: Bool = false) {
        self.source = source
        self.content = content
        self.tokens = tokens
        self.isPinned = isPinned
        self.isElided = isElided
    }

    /// The item's sequence number; `nil` for a summary.
    public var sequence: Int64? {
        if case .item(let sequence) = source { return sequence }
        return nil
    }
}

/// What ``SessionStore/context(of:_:)`` is asked for.
public struct ContextRequest: Hashable, Sendable {
    /// The most tokens the entries may take; `nil` for no budget.
    public var maxTokens: Int64?
    /// Items to keep whatever the budget, even those a compaction stands for, besides the
    /// items stored pinned (``NewItem/isPinned``). The session's first item is pinned too when
    /// it is a system or developer message.
    public var pinned: Set<Int64>

    /// Describes a request.
    public init(maxTokens: Int64? = nil, pinned: Set<Int64> = []) {
        self.maxTokens = maxTokens
        self.pinned = pinned
    }

    /// Checks the values.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a negative budget or pin.
    package func validate() throws(SessionStoreError) {
        if let maxTokens, maxTokens < 0 {
            throw .invalid("max_tokens", "max_tokens must be 0 or more, not \(maxTokens)")
        }
        if let pin = pinned.first(where: { $0 < 1 }) {
            throw .invalid("pin", "a pinned item's sequence number must be 1 or more, not \(pin)")
        }
    }
}

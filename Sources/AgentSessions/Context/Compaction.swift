/// A stored compaction: a summary that stands for a range of a session's items when the
/// conversation is shown to a model.
///
/// Compaction never changes or removes raw items: ``SessionStore/items(of:_:)`` keeps returning
/// them. ``SessionStore/context(of:_:)`` puts the summary in their place. A session's
/// compactions are numbered 1, 2, 3… and each reaches further than the one before it.
public struct Compaction: Hashable, Sendable {
    /// The compaction's number within its session: 1, 2, 3… in the order they were made.
    public var number: Int64
    /// The first item the summary stands for.
    public var firstSequence: Int64
    /// The last item the summary stands for.
    public var lastSequence: Int64
    /// The item that stands for the range: a JSON object a model can read, such as
    /// `{"role": "system", "content": "Summary of the conversation so far: …"}`.
    public var summary: JSONDocument
    /// Who made the summary.
    public var author: CompactionAuthor
    /// When the compaction was stored.
    public var createdAt: Timestamp
    /// The tokens of the items it stands for.
    public var tokensBefore: Int64
    /// The tokens of the summary.
    public var tokensAfter: Int64

    /// Creates a compaction value. Stores create compactions; this initializer is for stores,
    /// importers and tests.
    public init(
        number: Int64,
        firstSequence: Int64,
        lastSequence: Int64,
        summary: JSONDocument,
        author: CompactionAuthor,
        createdAt: Timestamp,
        tokensBefore: Int64,
        tokensAfter: Int64
    ) {
        self.number = number
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.summary = summary
        self.author = author
        self.createdAt = createdAt
        self.tokensBefore = tokensBefore
        self.tokensAfter = tokensAfter
    }

    /// Whether the compaction stands for the item with this sequence number.
    public func covers(_ sequence: Int64) -> Bool { (firstSequence...lastSequence).contains(sequence) }
}

/// Who made a compaction's summary.
public enum CompactionAuthor: Hashable, Sendable {
    /// A caller of the API or the library, which wrote the summary itself.
    case caller
    /// An agent's summarizer: the server asked the named model to summarize.
    case summarizer(agent: String, model: String)
}

/// A compaction to store: the range and the summary; the store gives it its number and time.
///
/// ``SessionStore/compact(_:_:)`` builds one after checking the range and counting its tokens.
public struct NewCompaction: Hashable, Sendable {
    /// The first item the summary stands for.
    public var firstSequence: Int64
    /// The last item the summary stands for: at most the session's last sequence number, and
    /// past the last one of the session's latest compaction.
    public var lastSequence: Int64
    /// The summary item.
    public var summary: JSONDocument
    /// Who made it.
    public var author: CompactionAuthor
    /// The tokens of the items it stands for.
    public var tokensBefore: Int64
    /// The tokens of the summary.
    public var tokensAfter: Int64

    /// Describes a compaction.
    public init(
        firstSequence: Int64,
        lastSequence: Int64,
        summary: JSONDocument,
        author: CompactionAuthor = .caller,
        tokensBefore: Int64,
        tokensAfter: Int64
    ) {
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.summary = summary
        self.author = author
        self.tokensBefore = tokensBefore
        self.tokensAfter = tokensAfter
    }

    /// The compaction as stored with a number and a time.
    package func stored(number: Int64, at time: Timestamp) -> Compaction {
        Compaction(
            number: number,
            firstSequence: firstSequence,
            lastSequence: lastSequence,
            summary: summary,
            author: author,
            createdAt: time,
            tokensBefore: tokensBefore,
            tokensAfter: tokensAfter
        )
    }
}

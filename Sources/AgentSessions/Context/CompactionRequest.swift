/// A compaction as a caller asks for it: the summary and the last item it was made from.
///
/// ```swift
/// let read = try await store.items(of: key, .all)
/// let summary = JSONDocument(["role": "system", "content": "The user wants a refund for order 123."])
/// try await store.compact(key, CompactionRequest(summary: summary, through: read.last!.sequence))
/// ```
public struct CompactionRequest: Hashable, Sendable {
    /// The summary item.
    public var summary: JSONDocument
    /// The first item the summary stands for; `nil` for the first item of the session's latest
    /// compaction (the new summary replaces it, the usual rolling summary), or 1 without one.
    public var firstSequence: Int64?
    /// The last item the summary was made from. Items appended after it are never covered.
    public var lastSequence: Int64
    /// Who made the summary.
    public var author: CompactionAuthor
    /// The summary's tokens, when the caller counted them; otherwise estimated
    /// (``TokenEstimate``).
    public var summaryTokens: Int64?

    /// Describes a compaction.
    public init(
        summary: JSONDocument,
        from firstSequence: Int64? = nil,
        through lastSequence: Int64,
        author: CompactionAuthor = .caller,
        summaryTokens: Int64? = nil
    ) {
        self.summary = summary
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.author = author
        self.summaryTokens = summaryTokens
    }
}

import AgentSessions

/// The body of `POST /v1/sessions/{id}/compactions`:
/// `{"summary": {…}, "last_seq": N, "first_seq": M, "author": {…}, "summary_tokens": K,
/// "tokens_before": T}`, with only `summary` and `last_seq` required.
///
/// Without `tokens_before` the server compacts (``SessionStore/compact(_:_:)``): it reads the
/// items, checks that no tool call is split from its result and counts their tokens. With
/// `tokens_before` (how `HTTPSessionStore.addCompaction` sends a compaction counted by its
/// caller) the compaction is stored with the counts given, and `first_seq` is required.
enum CompactionBody {
    /// The request to compact: the server reads and counts the items.
    case compact(CompactionRequest)
    /// A compaction counted by the caller, stored as given.
    case counted(NewCompaction)

    /// The fields the body may have.
    static let fields: Set<String> = [
        "summary", "first_seq", "last_seq", "author", "summary_tokens", "tokens_before",
    ]

    /// Reads a body, the summary kept byte for byte as sent.
    /// - Throws: ``APIError`` (422) naming the field for an unknown field, a missing summary or
    ///   `last_seq`, a value of the wrong type, or `tokens_before` without `first_seq`;
    ///   ``SessionStoreError`` (422, `author`) for an author of another shape.
    init(_ body: RequestJSON) throws {
        let fields = body.object
        try fields.requireOnly(Self.fields)
        guard try fields.object("summary") != nil, let text = try RequestJSON.memberText("summary", of: body.text)
        else {
            throw APIError.invalid(
                "summary",
                "summary is required: the JSON object that stands for the items, such as "
                    + #"{"role": "system", "content": "Summary of the conversation so far: …"}"#
            )
        }
        let summary = JSONDocument(trusted: text)
        guard let last = try fields.integer("last_seq") else {
            throw APIError.invalid("last_seq", "last_seq is required: the last item the summary was made from")
        }
        let first = try fields.integer("first_seq")
        var author = CompactionAuthor.caller
        if let value = fields["author"], value != .null { author = try CompactionAuthor(json: value) }
        let summaryTokens = try fields.integer("summary_tokens")
        guard let tokensBefore = try fields.integer("tokens_before") else {
            self = .compact(
                CompactionRequest(
                    summary: summary,
                    from: first,
                    through: last,
                    author: author,
                    summaryTokens: summaryTokens
                )
            )
            return
        }
        guard let first else {
            throw APIError.invalid(
                "first_seq",
                "first_seq is required with tokens_before: a compaction counted by its caller names its whole range"
            )
        }
        self = .counted(
            NewCompaction(
                firstSequence: first,
                lastSequence: last,
                summary: summary,
                author: author,
                tokensBefore: tokensBefore,
                tokensAfter: summaryTokens ?? TokenEstimate.tokens(in: summary)
            )
        )
    }

    /// Whether the range's given numbers are ones the API document allows (1 to
    /// ``Session/largestCount``), so that a refusal of the range comes from the session's items
    /// or compactions, or from the two numbers together, which no document can state.
    var rangeIsDocumented: Bool {
        let (first, last): (Int64?, Int64) =
            switch self {
            case .compact(let request): (request.firstSequence, request.lastSequence)
            case .counted(let compaction): (compaction.firstSequence, compaction.lastSequence)
            }
        return [first ?? 1, last].allSatisfy { (1...Session.largestCount).contains($0) }
    }
}

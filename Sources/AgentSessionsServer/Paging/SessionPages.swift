import AgentSessions

/// The sessions of one `GET /v1/sessions` answer, read page by page (cursor paging) so that
/// memory holds one page whatever the number of sessions.
///
/// In the default order, by last activity, a session that becomes active while the answer is
/// written moves ahead of the pages already read, so it is sent once or (if its page was not
/// read yet) not at all, never twice; a session created meanwhile is left to the next listing.
struct SessionPages: JSONElementPages {
    private let store: any SessionStore
    private let shape: ListingShape
    private var query: SessionQuery
    /// How many sessions may still be sent.
    private var remaining: Int
    private var size = PageSize()
    private(set) var isFinished = false

    /// The pages of `query` in `shape`, at most `query.limit` sessions (all without a limit).
    init(store: any SessionStore, query: SessionQuery, shape: ListingShape) {
        self.store = store
        self.shape = shape
        self.query = query
        self.remaining = query.limit ?? .max
        self.isFinished = remaining == 0
    }

    /// The cursor after the first `limit` sessions of the query, or `nil` when there are no
    /// more: what `next_cursor` says of a listing that is written page by page, found by
    /// reading the listing once before it is written.
    /// - Throws: What the store throws.
    static func cursor(after limit: Int, of query: SessionQuery, store: any SessionStore) async throws
        -> SessionCursor?
    {
        // Summaries with no fields: the cheapest read that gives the same cursors.
        var counting = SessionPages(store: store, query: query, shape: .summaries(fields: []))
        counting.remaining = .max
        var passed = 0
        while let page = try await counting.nextPage() {
            // A page that ends at `limit` while more follow still gives a cursor.
            guard passed + page.count < limit || (passed + page.count == limit && counting.isFinished) else {
                return page.isEmpty ? nil : page[limit - passed - 1].cursor
            }
            passed += page.count
        }
        return nil
    }

    mutating func next() async throws -> String? {
        guard let page = try await nextPage(), !page.isEmpty else { return nil }
        var text = ""
        for element in page.prefix(remaining) {
            if !text.isEmpty { text += "," }
            text += element.text
        }
        size.record(count: min(remaining, page.count), bytes: text.utf8.count)
        remaining -= min(remaining, page.count)
        if remaining == 0 { isFinished = true }
        return text
    }

    /// The next page's sessions as JSON texts, each with the cursor after it, or `nil` when
    /// there are no more.
    private mutating func nextPage() async throws -> [(text: String, cursor: SessionCursor)]? {
        guard !isFinished else { return nil }
        query.limit = size.next
        let page = try await shape.page(of: query, from: store)
        query.cursor = page.nextCursor
        if page.nextCursor == nil { isFinished = true }
        return page.elements
    }
}

import AgentSessions

/// The sessions of one `GET /v1/sessions` answer, read page by page (cursor paging) so that
/// memory holds one page whatever the number of sessions.
///
/// Sessions are listed by last activity: one that becomes active while the answer is written
/// moves ahead of the pages already read, so it is sent once or (if its page was not read yet)
/// not at all, never twice; a session created meanwhile is left to the next listing.
struct SessionPages: JSONElementPages {
    private let store: any SessionStore
    private var query: SessionQuery
    /// How many sessions may still be sent.
    private var remaining: Int
    private var size = PageSize()
    private(set) var isFinished = false

    /// The pages of `query`, at most `query.limit` sessions (all without a limit).
    init(store: any SessionStore, query: SessionQuery) {
        self.store = store
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
        var counting = SessionPages(store: store, query: query)
        counting.remaining = .max
        var passed = 0
        while let page = try await counting.nextPage() {
            // A page that ends at `limit` while more follow still gives a cursor.
            guard passed + page.count < limit || (passed + page.count == limit && counting.isFinished) else {
                return page.isEmpty ? nil : SessionCursor(after: page[limit - passed - 1])
            }
            passed += page.count
        }
        return nil
    }

    mutating func next() async throws -> String? {
        guard let page = try await nextPage(), !page.isEmpty else { return nil }
        var text = ""
        for session in page.prefix(remaining) {
            if !text.isEmpty { text += "," }
            text += session.jsonValue.jsonText
        }
        size.record(count: min(remaining, page.count), bytes: text.utf8.count)
        remaining -= min(remaining, page.count)
        if remaining == 0 { isFinished = true }
        return text
    }

    /// The next page of sessions, or `nil` when there are no more.
    private mutating func nextPage() async throws -> [Session]? {
        guard !isFinished else { return nil }
        query.limit = size.next
        let page = try await store.list(query)
        query.cursor = page.nextCursor
        if page.nextCursor == nil { isFinished = true }
        return page.sessions
    }
}

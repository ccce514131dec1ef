import AgentSessions

/// The items of one `GET /v1/sessions/{id}/items` answer, read forward page by page (`after=`
/// paging) so that memory holds one page whatever the session's size.
///
/// The answer holds the items the read asked for among those up to the session's last
/// sequence number when the answer started: items appended meanwhile are left to the next
/// read, and an item popped or cleared before its page was read is not sent.
struct ItemPages: JSONElementPages {
    private let store: any SessionStore
    private let key: SessionKey
    /// The last sequence number sent or skipped.
    private var after: Int64
    /// The highest sequence number the answer may hold: the session's last one when the
    /// answer started, read once a page comes back full (`nil` until then).
    private var through: Int64?
    /// How many items may still be sent.
    private var remaining: Int
    /// How many items to pass over before sending (the items before the last `limit`).
    private var skipping: Int
    private var size = PageSize()
    private(set) var isFinished = false

    private init(store: any SessionStore, key: SessionKey, after: Int64, through: Int64?, limit: Int?, skipping: Int) {
        self.store = store
        self.key = key
        self.after = after
        self.through = through
        self.remaining = limit ?? .max
        self.skipping = skipping
        self.isFinished = remaining == 0 || through.map { after >= $0 } ?? false
    }

    /// The pages of a read whose answer may be large: no `limit`, or one above a page.
    ///
    /// With `limit` alone (the last `limit` items) it reads the session's last sequence number
    /// and, when the session may hold more items than that, counts them first, page by page,
    /// to know how many to pass over.
    /// - Throws: ``SessionStoreError``: not found, or what the store throws.
    static func make(store: any SessionStore, key: SessionKey, query: ItemQuery) async throws -> ItemPages {
        let forward = ItemPages(
            store: store,
            key: key,
            after: query.after ?? 0,
            through: nil,
            limit: query.limit,
            skipping: 0
        )
        guard let limit = query.limit, query.after == nil else { return forward }
        let last = try await store.requireSession(key).lastSequence
        guard limit < last else {
            return ItemPages(store: store, key: key, after: 0, through: last, limit: limit, skipping: 0)
        }
        var counting = ItemPages(store: store, key: key, after: 0, through: last, limit: nil, skipping: 0)
        var count = 0
        while let page = try await counting.nextPage() { count += page.count }
        return ItemPages(store: store, key: key, after: 0, through: last, limit: limit, skipping: max(0, count - limit))
    }

    mutating func next() async throws -> String? {
        while let page = try await nextPage() {
            var text = ""
            for item in page {
                if skipping > 0 {
                    skipping -= 1
                    continue
                }
                guard remaining > 0 else { break }
                remaining -= 1
                if !text.isEmpty { text += "," }
                item.appendJSONText(to: &text)
            }
            if remaining == 0 { isFinished = true }
            if !text.isEmpty { return text }
        }
        return nil
    }

    /// The next page's items up to ``through``, or `nil` when there are no more.
    private mutating func nextPage() async throws -> [SessionItem]? {
        guard !isFinished else { return nil }
        let count = size.next
        let page = try await store.items(of: key, ItemQuery(limit: count, after: after))
        size.record(count: page.count, bytes: page.reduce(0) { $0 + $1.content.byteCount + 96 })
        if page.count == count, through == nil {
            through = try await store.requireSession(key).lastSequence
        }
        let kept = page.prefix { $0.sequence <= through ?? .max }
        if let last = kept.last { after = last.sequence }
        if page.count < count || kept.count < page.count || after >= through ?? .max { isFinished = true }
        return Array(kept)
    }
}

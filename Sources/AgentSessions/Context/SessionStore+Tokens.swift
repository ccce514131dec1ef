// A session's token totals, built once on every store's primitives.

extension SessionStore {
    /// Counts a session's tokens as ``SessionStore/tokens(of:)`` says, reading its items a
    /// page at a time (memory stays flat) and its model's view.
    /// - Throws: ``SessionStoreError``: not found.
    public func tokens(of key: SessionKey) async throws -> SessionTokens {
        var totals = SessionTokens(itemCount: 0, tokens: 0, countedItems: 0, contextTokens: 0)
        var after: Int64 = 0
        while true {
            let page = try await items(of: key, ItemQuery(limit: Self.tokenPageSize, after: after))
            for item in page {
                totals.itemCount += 1
                totals.tokens += item.tokenCount
                if item.tokens != nil { totals.countedItems += 1 }
            }
            guard page.count == Self.tokenPageSize, let last = page.last else { break }
            after = last.sequence
        }
        totals.contextTokens = try await context(of: key, ContextRequest()).tokensBefore
        return totals
    }

    /// How many items ``tokens(of:)`` reads at a time.
    private static var tokenPageSize: Int { 1000 }
}

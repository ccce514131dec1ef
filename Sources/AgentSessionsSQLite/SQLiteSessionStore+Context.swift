public import AgentSessions
import GRDB

// The model's view, a session's tokens and its pinned items, each read in one snapshot.

extension SQLiteSessionStore {
    /// The model's view of a session, read in one transaction: its compactions and every item
    /// read the view needs (see `SessionStore/context(of:_:)`).
    /// - Throws: `SessionStoreError`: not found, invalid argument (a negative budget or pin),
    ///   unavailable or corrupted.
    public func context(of key: SessionKey, _ request: ContextRequest) async throws -> ModelContext {
        try request.validate()
        // One snapshot: the compactions and the items they leave raw agree.
        return try database.read("read the model's view of session '\(key.id)'", isolated: true) { db in
            let plan = try Self.contextPlan(request, of: key, in: db)
            let results = try plan.queries.map { try Self.items(of: key, $0, in: db) }
            if results.allSatisfy(\.isEmpty), try !SessionWrites.exists(key, in: db) {
                throw SessionStoreError.sessionNotFound(key)
            }
            return plan.context(reading: results)
        }
    }

    /// A session's tokens, counted in one transaction: one aggregate over its items' primary-key
    /// range, and the model's view (see `SessionStore/tokens(of:)`).
    /// - Throws: `SessionStoreError`: not found, unavailable or corrupted.
    public func tokens(of key: SessionKey) async throws -> SessionTokens {
        try database.read("count the tokens of session '\(key.id)'", isolated: true) { db in
            guard try SessionWrites.exists(key, in: db) else { throw SessionStoreError.sessionNotFound(key) }
            let plan = try Self.contextPlan(ContextRequest(), of: key, in: db)
            let view = plan.context(reading: try plan.queries.map { try Self.items(of: key, $0, in: db) })
            let totals = try ColumnReader.firstRow(
                of: db.cachedStatement(sql: ItemRows.tokenTotals),
                SQLArgument.key(key)
            ) {
                row in
                SessionTokens(
                    itemCount: try row.value(0),
                    tokens: try row.value(1),
                    countedItems: try row.value(2),
                    contextTokens: view.tokensBefore
                )
            }
            return totals ?? SessionTokens(itemCount: 0, tokens: 0, countedItems: 0, contextTokens: view.tokensBefore)
        }
    }

    /// The session's pinned items, oldest first, along the partial index of pinned items.
    /// - Throws: `SessionStoreError`: not found, unavailable or corrupted.
    public func pinnedItems(of key: SessionKey) async throws -> [SessionItem] {
        try database.read("read the pinned items of session '\(key.id)'") { db in
            let items = try ItemRows.fetch(ItemRows.pinned, SQLArgument.key(key), capacity: 4, in: db)
            if items.isEmpty, try !SessionWrites.exists(key, in: db) { throw SessionStoreError.sessionNotFound(key) }
            return items
        }
    }

    /// Plans the model's view within a read of the database: the compactions, and the pinned
    /// items when a summary may stand for some.
    static func contextPlan(_ request: ContextRequest, of key: SessionKey, in db: Database) throws -> ContextPlan {
        let compactions = try Self.compactions(of: key, in: db)
        let pinned =
            ContextPlan.needsPinnedItems(compactions)
            ? try ItemRows.fetch(ItemRows.pinned, SQLArgument.key(key), capacity: 4, in: db) : []
        return try ContextPlan(request, compactions: compactions, pinnedItems: pinned)
    }
}

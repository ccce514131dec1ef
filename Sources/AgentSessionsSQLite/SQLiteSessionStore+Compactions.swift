public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    /// Stores a compaction in one write transaction, which reads the session's last sequence
    /// number and latest compaction, checks the compaction against them and inserts it; the
    /// items and the session's row (version, last activity) do not change.
    ///
    /// Writes are serialised by the writer, so of two concurrent compactions that reach as far,
    /// one is stored and the other is a version conflict; an append racing a compaction is
    /// stored before or after it, never inside its checks.
    /// - Parameters:
    ///   - compaction: The range, summary, author and token counts.
    ///   - key: The session.
    /// - Returns: The stored compaction, numbered one past the session's latest and stamped
    ///   with the store's clock.
    /// - Throws: `SessionStoreError`: not found, invalid argument (a malformed compaction, a
    ///   range past the session's last sequence number), version conflict (the latest
    ///   compaction already reaches as far), unavailable or corrupted.
    @discardableResult
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        try compaction.validate()
        let now = clock.now()
        return try await database.write("compact session '\(key.id)'") { db in
            let (lastItem, latest) = try CompactionRows.bounds(of: key, in: db)
            try compaction.validate(in: key, lastItem: lastItem, latest: latest)
            let stored = compaction.stored(number: (latest?.number ?? 0) + 1, at: now)
            try CompactionRows.add([stored], to: key, in: db)
            return stored
        }
    }

    /// Reads the compactions of a session with one range read of their primary key.
    /// - Parameter key: The session.
    /// - Returns: The compactions, by ascending number.
    /// - Throws: `SessionStoreError`: not found, unavailable or corrupted.
    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        // Without a transaction, as items(of:_:): a non-empty result proves the session existed
        // when it was read, and an empty one is checked afterwards.
        try database.read("read the compactions of session '\(key.id)'") { db in
            let compactions = try Self.compactions(of: key, in: db)
            if compactions.isEmpty, try !SessionWrites.exists(key, in: db) {
                throw SessionStoreError.sessionNotFound(key)
            }
            return compactions
        }
    }

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

    /// Reads a session's compactions within a read of the database, by ascending number,
    /// without checking that the session exists.
    static func compactions(of key: SessionKey, in db: Database) throws -> [Compaction] {
        var compactions: [Compaction] = []
        try ColumnReader.forEachRow(of: db.cachedStatement(sql: CompactionRows.all), SQLArgument.key(key)) { row in
            compactions.append(try CompactionRows.decode(row, of: key.id.rawValue))
        }
        return compactions
    }

    /// Inserts compactions exactly as given in one write transaction, leaving the session's row
    /// as it is; those numbered at or below the session's latest stored one are skipped.
    /// - Parameters:
    ///   - compactions: The compactions, by ascending number, each reaching past the one before
    ///     and none past the session's last sequence number.
    ///   - key: The session.
    /// - Returns: How many were stored.
    /// - Throws: `SessionStoreError`: not found, invalid argument (a malformed compaction,
    ///   compactions out of order), unavailable or corrupted. Nothing is stored then.
    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        try await database.write("restore compactions of session '\(key.id)'") { db in
            let (lastItem, latest) = try CompactionRows.bounds(of: key, in: db)
            let fresh = try Compaction.restorable(compactions, after: latest, lastItem: lastItem, in: key)
            try CompactionRows.add(fresh, to: key, in: db)
            return fresh.count
        }
    }
}

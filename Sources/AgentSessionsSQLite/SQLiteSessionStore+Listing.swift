public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    /// Lists sessions in the query's order, reading one page along an index (by user, by
    /// parent, or the app's by activity or by creation) from the cursor's position, or, for a
    /// phase, an agent, a tag or a value of an indexed metadata key few sessions have, reading
    /// those sessions along its index and sorting them.
    /// - Parameter query: The filters, the order, the limit and the cursor.
    /// - Returns: A page of sessions with the shared state merged in, and the cursor of the
    ///   next page (`nil` on the last page, and when the limit is 0).
    /// - Throws: `SessionStoreError`: invalid argument (bad app, negative limit, malformed tag
    ///   or metadata filter, a cursor of another order), unavailable or corrupted.
    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try query.validate(lifecycles: lifecycles)
        if query.limit == 0 { return SessionPage(sessions: [], nextCursor: nil) }
        let indexes = database.metadataIndexes
        return try database.read("list the sessions of app '\(query.app)'", isolated: true) { db in
            var sessions = try Self.listed(
                query,
                columns: SessionRow.columns,
                metadataIndexes: indexes,
                in: db
            ) { row in
                try SessionRow.decodeSession(row, app: query.app)
            }
            try SharedState.merge(into: &sessions, app: query.app, in: db)
            return SessionPage(overfetched: sessions, limit: query.limit, order: query.order)
        }
    }

    /// Lists sessions as ``list(_:)`` does, reading only the columns of a summary: no state,
    /// metadata or history is read, and no shared state merged.
    /// - Parameter query: The filters, the order, the limit and the cursor.
    /// - Returns: A page of summaries and the cursor of the next page, the one ``list(_:)``
    ///   gives.
    /// - Throws: `SessionStoreError` as ``list(_:)``.
    public func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage {
        try query.validate(lifecycles: lifecycles)
        if query.limit == 0 { return SessionSummaryPage(summaries: [], nextCursor: nil) }
        let indexes = database.metadataIndexes
        return try database.read("list the sessions of app '\(query.app)'") { db in
            let summaries = try Self.listed(
                query,
                columns: SessionRow.summaryColumns,
                metadataIndexes: indexes,
                in: db
            ) { row in
                try SessionRow.decodeSummary(row, app: query.app)
            }
            return SessionSummaryPage(overfetched: summaries, limit: query.limit, order: query.order)
        }
    }

    /// Counts the sessions that pass the query's filters with one `count(*)`, read along the
    /// index ``list(_:)`` would read; the limit and the cursor are ignored.
    /// - Parameter query: The filters.
    /// - Returns: How many sessions pass them.
    /// - Throws: `SessionStoreError` as ``list(_:)``.
    public func count(_ query: SessionQuery) async throws -> Int {
        try query.validate(lifecycles: lifecycles)
        let indexes = database.metadataIndexes
        return try database.read("count the sessions of app '\(query.app)'") { db in
            let path = try ListingSQL.path(for: query, metadataIndexes: indexes, in: db)
            let (sql, arguments) = ListingSQL.count(query, path, metadataIndexes: indexes)
            return try ColumnReader.firstRow(of: db.cachedStatement(sql: sql), arguments) { row in
                try row.value(0, Int.self)
            } ?? 0
        }
    }

    /// The rows of a listing, selecting `columns` and decoding each with `decode`: the page
    /// and the one row past it. The keys of `indexes` are read along their indexes.
    private static func listed<Listed>(
        _ query: SessionQuery,
        columns: String,
        metadataIndexes indexes: [String: MetadataIndex],
        in db: Database,
        _ decode: (ColumnReader) throws -> Listed
    ) throws -> [Listed] {
        let path = try ListingSQL.path(for: query, metadataIndexes: indexes, in: db)
        let (sql, arguments) = ListingSQL.list(query, path, columns: columns, metadataIndexes: indexes)
        var listed: [Listed] = []
        listed.reserveCapacity(min(query.limit ?? 63, 1023) + 1)
        try ColumnReader.forEachRow(of: db.cachedStatement(sql: sql), arguments) { row in
            listed.append(try decode(row))
        }
        return listed
    }

    /// Decides whether a session may be resumed, reading only the columns the decision needs.
    ///
    /// - Parameters:
    ///   - key: The session.
    ///   - policy: The rules of the decision.
    /// - Returns: The decision; a missing session is `ResumeDecision/Reason/notFound`.
    /// - Throws: `SessionStoreError` if the database cannot be read.
    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        let facts = try database.read("read session '\(key.id)'") { db in
            try ColumnReader.firstRow(
                of: db.cachedStatement(sql: ListingSQL.resumeFacts),
                SQLArgument.key(key)
            ) { row in
                ResumeFacts(
                    phase: Phase(try row.value(0, String.self)),
                    isResumeReady: try row.value(1, Int64.self) != 0,
                    isFinalized: row.optional(2, Int64.self) != nil,
                    errorCount: try row.value(3),
                    updatedAt: Timestamp(microsecondsSinceEpoch: try row.value(4))
                )
            }
        }
        return policy.decide(facts, lifecycle: lifecycles.lifecycle(for: key.app), now: clock.now())
    }
}

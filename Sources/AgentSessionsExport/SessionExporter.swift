public import AgentSessions

/// Writes a store's sessions, their items and their compactions as lines of the ``ExportFormat``.
///
/// Sessions are read a page at a time (`SessionStore/list(_:)` with a cursor) and items a
/// page at a time (`ItemQuery` with `after` and `limit`), and each line is handed on as soon
/// as it is made, so memory does not grow with the number of sessions or items.
///
/// A parent comes before its children: the listing is read once for the top-level sessions,
/// then once more for each level of children (when there are any).
///
/// ```swift
/// let exporter = SessionExporter(filter: .init(app: "ops", userID: "ana"))
/// let counts = try await exporter.export(from: store) { line in print(line) }
/// ```
///
/// The export reads the store as it is while it runs: sessions changed meanwhile may be
/// missed or written twice (an import skips the second), and a session's items stop at the
/// last sequence number its header shows. Export a quiet store for an exact copy.
public struct SessionExporter: Sendable {
    /// Which sessions to export.
    public struct Filter: Hashable, Sendable {
        /// The app whose sessions are exported. Defaults to `default`.
        public var app: String
        /// Only this user's sessions.
        public var userID: String?
        /// Only this agent's sessions.
        public var agentName: String?
        /// Only sessions in this phase.
        public var phase: Phase?
        /// Only sessions active at or after this time (their last activity).
        public var updatedSince: Timestamp?

        /// Describes a selection. Every filter but the app defaults to "any".
        public init(
            app: String = SessionKey.defaultApp,
            userID: String? = nil,
            agentName: String? = nil,
            phase: Phase? = nil,
            updatedSince: Timestamp? = nil
        ) {
            self.app = app
            self.userID = userID
            self.agentName = agentName
            self.phase = phase
            self.updatedSince = updatedSince
        }
    }

    /// Which sessions to export.
    public var filter: Filter
    /// How many sessions one listing page holds. Defaults to 200.
    public var sessionPageSize: Int
    /// How many items one read returns. Defaults to 1,000.
    public var itemPageSize: Int

    /// Describes an export.
    /// - Parameters:
    ///   - filter: Which sessions. Defaults to every session of the app `default`.
    ///   - sessionPageSize: Sessions per listing page. Defaults to 200.
    ///   - itemPageSize: Items per read. Defaults to 1,000.
    public init(filter: Filter = Filter(), sessionPageSize: Int = 200, itemPageSize: Int = 1000) {
        self.filter = filter
        self.sessionPageSize = max(1, sessionPageSize)
        self.itemPageSize = max(1, itemPageSize)
    }

    /// Writes the format line, then each matching session followed by its items and compactions.
    /// - Parameters:
    ///   - store: The store to read.
    ///   - write: Takes each line, without its line break, in order.
    ///   - progress: Called with the counts so far after each session and each page of items.
    /// - Returns: How many sessions and items were written.
    /// - Throws: `SessionStoreError` from the store (invalid argument for a bad filter), and
    ///   whatever `write` throws. A session deleted while its items are read ends there.
    @discardableResult
    public func export(
        from store: any SessionStore,
        to write: (String) async throws -> Void,
        progress: (TransferCounts) -> Void = { _ in }
    ) async throws -> TransferCounts {
        var counts = TransferCounts()
        try await write(ExportLine.format(version: ExportFormat.version).text)
        var level = 0
        var deepest = 0
        repeat {
            var query = SessionQuery(
                app: filter.app,
                userID: filter.userID,
                agentName: filter.agentName,
                phase: filter.phase,
                limit: sessionPageSize
            )
            pages: repeat {
                let page = try await store.list(query)
                for session in page.sessions {
                    // Newest first: every later session is older still.
                    if let since = filter.updatedSince, session.updatedAt < since { break pages }
                    let depth = try await depth(of: session, in: store)
                    deepest = max(deepest, depth)
                    guard depth == level else { continue }
                    try await export(session, from: store, to: write, counts: &counts, progress: progress)
                }
                query.cursor = page.nextCursor
            } while query.cursor != nil
            level += 1
        } while level <= deepest
        return counts
    }

    /// Writes one session, its items, a page at a time, and its compactions.
    private func export(
        _ session: Session,
        from store: any SessionStore,
        to write: (String) async throws -> Void,
        counts: inout TransferCounts,
        progress: (TransferCounts) -> Void
    ) async throws {
        try await write(ExportLine.session(session).text)
        counts.sessions += 1
        progress(counts)
        var after: Int64 = 0
        while after < session.lastSequence {
            let items: [SessionItem]
            do {
                items = try await store.items(of: session.key, ItemQuery(limit: itemPageSize, after: after))
            } catch let error as SessionStoreError where error.code == .notFound {
                return
            }
            guard let last = items.last else { break }
            for item in items where item.sequence <= session.lastSequence {
                try await write(ExportLine.item(item).text)
                counts.items += 1
            }
            after = last.sequence
            progress(counts)
        }
        let compactions: [Compaction]
        do {
            compactions = try await store.compactions(of: session.key)
        } catch let error as SessionStoreError where error.code == .notFound {
            return
        }
        for compaction in compactions where compaction.lastSequence <= session.lastSequence {
            try await write(ExportLine.compaction(compaction).text)
            counts.compactions += 1
        }
        if !compactions.isEmpty { progress(counts) }
    }

    /// How many ancestors a session has (0 for a top-level one), read up its parents.
    private func depth(of session: Session, in store: any SessionStore) async throws -> Int {
        var depth = 0
        var parentID = session.parentID
        // Stores refuse cycles; the bound only guards against a damaged store.
        while let id = parentID, depth < 1000 {
            depth += 1
            parentID = try await store.session(SessionKey(id, app: session.app))?.parentID
        }
        return depth
    }
}

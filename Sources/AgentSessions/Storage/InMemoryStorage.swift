/// The data of an ``InMemorySessionStore``, changed only under its lock.
struct InMemoryStorage: Sendable {
    /// One session with its items.
    struct Record: Sendable {
        /// The session, holding its own state only.
        var session: Session
        /// The items in sequence order, changed only through the methods below, which keep
        /// ``itemBytes`` and ``itemTokens``.
        private(set) var items: [SessionItem] = []
        /// The bytes of the items' JSON.
        private(set) var itemBytes = 0
        /// The items' tokens (``SessionItem/tokenCount``).
        private(set) var itemTokens: Int64 = 0
        var sequenceByItemID: [String: Int64]
        var compactions: [Compaction]

        init(
            session: Session,
            items: some Sequence<SessionItem> = [],
            sequenceByItemID: [String: Int64] = [:],
            compactions: [Compaction] = []
        ) {
            self.session = session
            self.sequenceByItemID = sequenceByItemID
            self.compactions = compactions
            appendItems(items)
        }

        /// The session's share of its app's statistics.
        var tally: SessionStatistics.Tally {
            SessionStatistics.Tally(session: session, itemCount: items.count, itemBytes: itemBytes, tokens: itemTokens)
        }

        mutating func touch(_ now: Timestamp) {
            session.updatedAt = now
            session.version += 1
        }

        mutating func appendItem(_ item: SessionItem) {
            items.append(item)
            itemBytes += item.content.byteCount
            itemTokens += item.tokenCount
        }

        mutating func appendItems(_ items: some Sequence<SessionItem>) {
            for item in items { appendItem(item) }
        }

        mutating func popLastItem() -> SessionItem? {
            guard let item = items.popLast() else { return nil }
            itemBytes -= item.content.byteCount
            itemTokens -= item.tokenCount
            return item
        }

        mutating func removeAllItems() {
            items.removeAll()
            itemBytes = 0
            itemTokens = 0
        }
    }

    /// The key of a user's shared state.
    struct UserScope: Hashable, Sendable {
        var app: String
        var userID: String
    }

    private(set) var records: [SessionKey: Record] = [:]
    /// The keys of each app's sessions, so a listing reads only its app.
    private var keysByApp: [String: Set<SessionKey>] = [:]
    /// The keys of each user's sessions, so a listing by user reads only that user's.
    private var keysByUser: [UserScope: Set<SessionKey>] = [:]
    /// Each app's statistics, kept as its sessions change.
    private var totalsByApp: [String: SessionStatistics.Totals] = [:]
    var appState: [String: JSONObject] = [:]
    var userState: [UserScope: JSONObject] = [:]

    /// The statistics of one app, or of every app: O(apps), not O(sessions).
    func statistics(app: String?) -> SessionStatistics {
        guard let app else {
            var every = SessionStatistics.Totals()
            for totals in totalsByApp.values { every.add(totals) }
            return every.statistics
        }
        return (totalsByApp[app] ?? SessionStatistics.Totals()).statistics
    }

    /// Replaces the record of an existing session (its app and user never change).
    mutating func replace(_ record: Record) {
        let key = record.session.key
        if let old = records[key] {
            totalsByApp[key.app, default: .init()].replace(old.tally, with: record.tally)
        } else {
            totalsByApp[key.app, default: .init()].add(record.tally)
        }
        records[key] = record
    }

    /// Changes a session's record in place, without copying its items. `body` must not throw
    /// after it has changed the record.
    mutating func modify<T>(
        _ key: SessionKey,
        _ body: (inout Record) throws(SessionStoreError) -> T
    ) throws(SessionStoreError) -> T {
        guard let before = records[key]?.tally else { throw .sessionNotFound(key) }
        let result = try body(&records[key]!)
        totalsByApp[key.app, default: .init()].replace(before, with: records[key]!.tally)
        return result
    }

    /// Removes a session; returns whether it existed.
    @discardableResult
    mutating func remove(_ key: SessionKey) -> Bool {
        guard let record = records.removeValue(forKey: key) else { return false }
        totalsByApp[key.app, default: .init()].add(record.tally, times: -1)
        keysByApp[key.app]?.remove(key)
        keysByUser[UserScope(app: key.app, userID: record.session.userID)]?.remove(key)
        return true
    }

    /// The keys a listing has to look at: the user's sessions, or the app's.
    func candidateKeys(for query: SessionQuery) -> Set<SessionKey> {
        if let userID = query.userID { return keysByUser[UserScope(app: query.app, userID: userID)] ?? [] }
        return keysByApp[query.app] ?? []
    }

    /// The keys of a listing's page, in its order, and the cursor after it.
    func listing(_ query: SessionQuery) -> (keys: [SessionKey], nextCursor: SessionCursor?) {
        let order = query.order
        // Sort small (time, id) tuples rather than whole sessions.
        var matching: [(time: Timestamp, id: SessionID, key: SessionKey)] = []
        for key in candidateKeys(for: query) {
            guard let session = records[key]?.session,
                query.matches(session) && (query.cursor?.precedes(session) ?? true)
            else { continue }
            matching.append((order.time(of: session), session.id, key))
        }
        matching.sort { order.places($0.time, $0.id, before: $1.time, $1.id) }
        var nextCursor: SessionCursor?
        if let limit = query.limit, matching.count > limit {
            matching.removeSubrange(limit...)
            nextCursor = matching.last.map { SessionCursor(time: $0.time, id: $0.id, order: order) }
        }
        return (matching.map(\.key), nextCursor)
    }

    func record(_ key: SessionKey) throws(SessionStoreError) -> Record {
        guard let record = records[key] else { throw .sessionNotFound(key) }
        return record
    }

    /// The session with the shared state merged in.
    func merged(_ key: SessionKey) -> Session? {
        records[key].map { merged($0.session) }
    }

    func merged(_ session: Session) -> Session {
        var session = session
        session.state = StateScope.merged(
            session: session.state,
            app: appState[session.app],
            user: userState[UserScope(app: session.app, userID: session.userID)]
        )
        return session
    }

    mutating func insert(_ session: Session, shared: SharedStateDelta) throws(SessionStoreError) -> Session {
        guard records[session.key] == nil else { throw .sessionExists(session.key) }
        if let parentID = session.parentID, records[SessionKey(parentID, app: session.app)] == nil {
            throw SessionStoreError.parentNotFound(parentID, app: session.app)
        }
        let record = Record(session: session)
        records[session.key] = record
        totalsByApp[session.app, default: .init()].add(record.tally)
        keysByApp[session.app, default: []].insert(session.key)
        keysByUser[UserScope(app: session.app, userID: session.userID), default: []].insert(session.key)
        apply(shared, to: session)
        return merged(session)
    }

    mutating func apply(_ shared: SharedStateDelta, to session: Session) {
        if !shared.app.isEmpty { appState[session.app, default: [:]].merge(patch: shared.app) }
        if !shared.user.isEmpty {
            userState[UserScope(app: session.app, userID: session.userID), default: [:]].merge(patch: shared.user)
        }
    }

    /// Deletes a session and its descendants; returns how many were deleted.
    mutating func deleteTree(_ key: SessionKey) -> Int {
        var pending = [key]
        var deleted = 0
        while let next = pending.popLast() {
            guard remove(next) else { continue }
            deleted += 1
            pending += (keysByApp[next.app] ?? []).filter { records[$0]?.session.parentID == next.id }
        }
        return deleted
    }
}

extension RandomAccessCollection {
    /// The index of the first element for which `belongsInSecondPartition` is true, given that
    /// the collection is partitioned by it (binary search).
    func partitioningIndex(where belongsInSecondPartition: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongsInSecondPartition(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}

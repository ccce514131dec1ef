/// The data of an ``InMemorySessionStore``, changed only under its lock.
struct InMemoryStorage: Sendable {
    /// One session with its items.
    struct Record: Sendable {
        /// The session, holding its own state only.
        var session: Session
        var items: [SessionItem] = []
        var sequenceByItemID: [String: Int64] = [:]

        mutating func touch(_ now: Timestamp) {
            session.updatedAt = now
            session.version += 1
        }
    }

    /// The key of a user's shared state.
    struct UserScope: Hashable, Sendable {
        var app: String
        var userID: String
    }

    var records: [SessionKey: Record] = [:]
    var appState: [String: JSONObject] = [:]
    var userState: [UserScope: JSONObject] = [:]

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
            throw SessionStoreError(
                .notFound,
                "parent session '\(parentID)' does not exist in app '\(session.app)'; create the parent first",
                field: "parent_id"
            )
        }
        records[session.key] = Record(session: session)
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
            guard records.removeValue(forKey: next) != nil else { continue }
            deleted += 1
            pending += records.values.filter { $0.session.app == next.app && $0.session.parentID == next.id }
                .map(\.session.key)
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

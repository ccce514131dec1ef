import Synchronization

/// A store that keeps everything in memory: the reference implementation of ``SessionStore``,
/// for tests and for agents that need no persistence (seed 003's "in-memory" session memory).
///
/// Every operation runs under one lock and never waits inside it, so operations are atomic
/// and isolated from each other. Statistics are kept per app as sessions change, so they cost
/// the same at any number of sessions. Nothing survives the process.
///
/// ```swift
/// let store = InMemorySessionStore()
/// let session = try await store.create(NewSession(id: "demo"))
/// ```
public final class InMemorySessionStore: SessionStore {
    /// How the store behaves.
    public struct Configuration: Sendable {
        /// The clock used for timestamps and ages. Defaults to ``SystemWallClock``.
        public var clock: any WallClock
        /// The lifecycle of each app. Defaults to the standard lifecycle for every app.
        public var lifecycles: LifecycleCatalog

        /// Creates a configuration; every parameter has a default.
        public init(clock: any WallClock = SystemWallClock(), lifecycles: LifecycleCatalog = LifecycleCatalog()) {
            self.clock = clock
            self.lifecycles = lifecycles
        }
    }

    /// The clock the store stamps times with and measures age by.
    public let clock: any WallClock
    /// The lifecycle of each app.
    public let lifecycles: LifecycleCatalog
    private let storage = Mutex(InMemoryStorage())

    /// Creates an empty store.
    public init(configuration: Configuration = Configuration()) {
        self.clock = configuration.clock
        self.lifecycles = configuration.lifecycles
    }

    @discardableResult
    public func create(_ new: NewSession) async throws -> Session {
        let (session, shared) = try Session.make(
            from: new,
            lifecycle: lifecycles.lifecycle(for: new.app),
            now: clock.now()
        )
        return try storage.withLock { storage throws(SessionStoreError) in
            try storage.insert(session, shared: shared)
        }
    }

    public func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
        let (session, shared) = try Session.make(
            from: new,
            lifecycle: lifecycles.lifecycle(for: new.app),
            now: clock.now()
        )
        return try storage.withLock { storage throws(SessionStoreError) in
            if new.id != nil, let existing = storage.merged(session.key) { return (existing, false) }
            return (try storage.insert(session, shared: shared), true)
        }
    }

    public func session(_ key: SessionKey) async throws -> Session? {
        storage.withLock { $0.merged(key) }
    }

    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        let lifecycle = lifecycles.lifecycle(for: key.app)
        let now = clock.now()
        return try storage.withLock { storage throws(SessionStoreError) in
            let (session, shared) = try storage.record(key).session.applying(
                update,
                lifecycle: lifecycle,
                expectedVersion: expectedVersion,
                now: now
            )
            try storage.modify(key) { $0.session = session }
            storage.apply(shared, to: session)
            return storage.merged(key)!
        }
    }

    @discardableResult
    public func delete(_ key: SessionKey) async throws -> Int {
        try storage.withLock { storage throws(SessionStoreError) in
            _ = try storage.record(key)
            return storage.deleteTree(key)
        }
    }

    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try query.validate(lifecycles: lifecycles)
        return storage.withLock { storage in
            let (keys, nextCursor) = storage.listing(query)
            return SessionPage(sessions: keys.map { storage.merged($0)! }, nextCursor: nextCursor)
        }
    }

    public func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage {
        try query.validate(lifecycles: lifecycles)
        return storage.withLock { storage in
            let (keys, nextCursor) = storage.listing(query)
            return SessionSummaryPage(
                summaries: keys.map { SessionSummary(storage.records[$0]!.session) },
                nextCursor: nextCursor
            )
        }
    }

    public func count(_ query: SessionQuery) async throws -> Int {
        try query.validate(lifecycles: lifecycles)
        return storage.withLock { storage in
            storage.candidateKeys(for: query).count { key in
                storage.records[key].map { query.matches($0.session) } ?? false
            }
        }
    }

    @discardableResult
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        for item in items { try item.validate() }
        try items.checkRepeatedItemIDs(in: key)
        let now = clock.now()
        return try storage.withLock { storage throws(SessionStoreError) in
            try storage.modify(key) { record throws(SessionStoreError) in
                // Every check before the first change: `modify` must not throw after it.
                for item in items {
                    guard let itemID = item.itemID, let existing = record.sequenceByItemID[itemID] else { continue }
                    let index = record.items.partitioningIndex { $0.sequence >= existing }
                    try item.checkSameContent(as: record.items[index].content, storedAs: existing, in: key)
                }
                var sequences: [Int64] = []
                sequences.reserveCapacity(items.count)
                for item in items {
                    if let itemID = item.itemID, let existing = record.sequenceByItemID[itemID] {
                        sequences.append(existing)
                        continue
                    }
                    record.session.lastSequence += 1
                    let sequence = record.session.lastSequence
                    record.appendItem(item.stored(as: sequence, at: now))
                    if let itemID = item.itemID { record.sequenceByItemID[itemID] = sequence }
                    sequences.append(sequence)
                }
                record.touch(now)
                return sequences
            }
        }
    }

    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try query.validate()
        return try storage.withLock { storage throws(SessionStoreError) in
            let items = try storage.record(key).items
            var start = items.startIndex
            if let after = query.after {
                start = items.partitioningIndex { $0.sequence > after }
                if let limit = query.limit { return Array(items[start..<start + min(limit, items.endIndex - start)]) }
                return Array(items[start...])
            }
            if let limit = query.limit { start = max(items.startIndex, items.endIndex - limit) }
            return Array(items[start...])
        }
    }

    public func pinnedItems(of key: SessionKey) async throws -> [SessionItem] {
        try storage.withLock { storage throws(SessionStoreError) in try storage.record(key).items.filter(\.isPinned) }
    }

    @discardableResult
    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        let now = clock.now()
        return try storage.withLock { storage throws(SessionStoreError) in
            try storage.modify(key) { record in
                guard let item = record.popLastItem() else { return nil }
                if let itemID = item.itemID { record.sequenceByItemID[itemID] = nil }
                record.touch(now)
                return item
            }
        }
    }

    @discardableResult
    public func clearItems(of key: SessionKey) async throws -> Int {
        let now = clock.now()
        return try storage.withLock { storage throws(SessionStoreError) in
            try storage.modify(key) { record in
                let count = record.items.count
                record.removeAllItems()
                record.sequenceByItemID.removeAll()
                record.compactions.removeAll()
                record.touch(now)
                return count
            }
        }
    }

    public func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
        let lifecycle = lifecycles.lifecycle(for: key.app)
        let now = clock.now()
        return try storage.withLock { storage throws(SessionStoreError) in
            let source = try storage.record(key)
            let through = try ForkRange.validate(sequence, lastSequence: source.session.lastSequence)
            let copied = source.items.prefix { $0.sequence <= through }
            let session = source.session.forked(
                as: newID ?? SessionID.generate(prefix: key.id.rawValue),
                through: through,
                lastCopiedSequence: through,
                lifecycle: lifecycle,
                now: now
            )
            _ = try storage.insert(session, shared: SharedStateDelta())
            storage.replace(
                InMemoryStorage.Record(
                    session: session,
                    items: copied,
                    sequenceByItemID: Dictionary(
                        copied.compactMap { item in item.itemID.map { ($0, item.sequence) } },
                        uniquingKeysWith: { first, _ in first }
                    ),
                    compactions: source.compactions.filter { $0.lastSequence <= through }
                )
            )
            return storage.merged(session.key)!
        }
    }

    @discardableResult
    public func restore(_ session: Session) async throws -> Session {
        let (session, shared) = try session.restorable(lifecycle: lifecycles.lifecycle(for: session.app))
        return try storage.withLock { storage throws(SessionStoreError) in
            try storage.insert(session, shared: shared)
        }
    }

    @discardableResult
    public func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
        try storage.withLock { storage throws(SessionStoreError) in
            try storage.modify(key) { record throws(SessionStoreError) in
                let fresh = try items.restorable(
                    to: key,
                    lastSequence: record.session.lastSequence,
                    highestStored: record.items.last?.sequence ?? 0
                )
                for item in fresh {
                    if let itemID = item.itemID, let taken = record.sequenceByItemID[itemID] {
                        throw .itemIDTaken(itemID, by: taken, in: key)
                    }
                }
                record.appendItems(fresh)
                for item in fresh { if let itemID = item.itemID { record.sequenceByItemID[itemID] = item.sequence } }
                return fresh.count
            }
        }
    }

    @discardableResult
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        try compaction.validate()
        let now = clock.now()
        return try storage.withLock { storage throws(SessionStoreError) in
            try storage.modify(key) { record throws(SessionStoreError) in
                let latest = record.compactions.last
                try compaction.validate(in: key, lastItem: record.session.lastSequence, latest: latest)
                let stored = compaction.stored(number: (latest?.number ?? 0) + 1, at: now)
                record.compactions.append(stored)
                return stored
            }
        }
    }

    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        try storage.withLock { storage throws(SessionStoreError) in try storage.record(key).compactions }
    }

    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        try storage.withLock { storage throws(SessionStoreError) in
            try storage.modify(key) { record throws(SessionStoreError) in
                let fresh = try Compaction.restorable(
                    compactions,
                    after: record.compactions.last,
                    lastItem: record.session.lastSequence,
                    in: key
                )
                record.compactions += fresh
                return fresh.count
            }
        }
    }

    public func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
        let cutoff = try CleanupCutoff.idleCutoff(age: age, now: clock.now())
        return storage.withLock { storage in
            let stale = storage.records.filter { (app == nil || $0.key.app == app) && cutoff.isStale($0.value.session) }
                .keys
            for key in stale { storage.remove(key) }
            return stale.count
        }
    }

    public func statistics(app: String?) async throws -> SessionStatistics {
        storage.withLock { $0.statistics(app: app) }
    }
}

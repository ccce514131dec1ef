/// Where sessions and their items live: the one protocol every backend implements.
///
/// Every method is one atomic operation: it happens completely or not at all, and a failed call
/// changes nothing. Calls may come from many tasks at once; a store serialises what must be
/// serialised (two creates of one id give one success and one
/// ``SessionStoreError/Code/alreadyExists``; concurrent appends to one session never lose,
/// duplicate or skip a sequence number).
///
/// Every method throws ``SessionStoreError`` for failures, and lets `CancellationError`
/// through unchanged. A store keeps what it acknowledged through a crash of the process.
///
/// ```swift
/// let store: any SessionStore = InMemorySessionStore()
/// let session = try await store.create(NewSession(agentName: "support"))
/// try await store.append([NewItem(["role": "user", "content": "My order is late"])], to: session.key)
/// let history = try await store.items(of: session.key, .last(20))
/// ```
///
/// To write a backend, see the "Implementing a SessionStore" article; `AgentSessionsTesting`
/// holds the conformance suite it must pass.
public protocol SessionStore: Sendable {
    /// The clock the store stamps times with and measures age by.
    var clock: any WallClock { get }

    /// The lifecycle of each app, used to validate phases.
    var lifecycles: LifecycleCatalog { get }

    /// Creates a session.
    /// - Parameter new: What to create. Without an id, one is generated.
    /// - Returns: The session as stored (version 1).
    /// - Throws: ``SessionStoreError``: already exists (the id is taken in that app), not found
    ///   (the parent does not exist), invalid argument (a bad field, a session that would be
    ///   its own parent, `user:` state without a user).
    @discardableResult
    func create(_ new: NewSession) async throws -> Session

    /// Returns the session with the request's id, creating it first if it does not exist.
    ///
    /// Atomic: of two concurrent calls for one id, exactly one creates it.
    /// - Parameter new: What to create when the session is missing. Without an id, a new
    ///   session is always created.
    /// - Returns: The session, and whether this call created it.
    /// - Throws: ``SessionStoreError`` as ``create(_:)``.
    func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool)

    /// Reads a session, with the shared `app:` and `user:` state merged into its state.
    /// - Returns: The session, or `nil` if it does not exist.
    /// - Throws: ``SessionStoreError`` if the storage cannot be read.
    func session(_ key: SessionKey) async throws -> Session?

    /// Changes a session atomically: phase, metadata merge, state delta, resume-ready flag,
    /// error record, finalization.
    /// - Parameters:
    ///   - key: The session.
    ///   - update: The change.
    ///   - expectedVersion: If given, the update is applied only if the session is still at
    ///     this version.
    /// - Returns: The updated session.
    /// - Throws: ``SessionStoreError``: not found, version conflict, finalized (leaving a final
    ///   phase, finalizing twice), invalid argument (unknown phase, outcome not final).
    @discardableResult
    func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session

    /// Deletes a session with its items and, recursively, its child sessions.
    /// - Returns: How many sessions were deleted (the session and its descendants).
    /// - Throws: ``SessionStoreError``: not found.
    @discardableResult
    func delete(_ key: SessionKey) async throws -> Int

    /// Lists sessions in the query's order: by default most recently active first, ties by id
    /// ascending.
    /// - Returns: A page of sessions and the cursor for the next page.
    /// - Throws: ``SessionStoreError``: invalid argument (bad app, negative limit, malformed
    ///   tag or metadata filter, a cursor of another order).
    func list(_ query: SessionQuery) async throws -> SessionPage

    /// Lists sessions as ``list(_:)`` does, as summaries: without state, metadata and history.
    ///
    /// A default implementation summarizes ``list(_:)``'s page; backends read less.
    /// - Returns: A page of summaries and the cursor for the next page (the same cursor
    ///   ``list(_:)`` gives, so the two can be mixed).
    /// - Throws: ``SessionStoreError`` as ``list(_:)``.
    func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage

    /// Counts the sessions a listing with the query's filters would return (its limit and
    /// cursor are ignored).
    ///
    /// A default implementation pages through ``listSummaries(_:)``; backends count in place.
    /// - Throws: ``SessionStoreError`` as ``list(_:)``.
    func count(_ query: SessionQuery) async throws -> Int

    /// Appends items to a session in one transaction: all are stored or none.
    ///
    /// Each new item gets the next sequence number. An item whose ``NewItem/itemID`` is already
    /// stored in the session (or earlier in the same batch) with the same JSON text, byte for
    /// byte, is not stored again; its existing sequence number is returned instead, so a retried
    /// append is safe. The same id with other text is a conflict, and nothing of the batch is
    /// stored. Appending updates the session's last activity and version.
    /// - Returns: The sequence number of each item, in the order given.
    /// - Throws: ``SessionStoreError``: not found (never an implicit create), invalid argument,
    ///   already exists (an item id given to other content, field `item_id`, naming the id).
    @discardableResult
    func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64]

    /// Reads items in chronological order; see ``ItemQuery`` for the limit and paging rules.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (negative limit or sequence).
    func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem]

    /// Removes and returns the last item. Two concurrent pops never return the same item.
    /// - Returns: The removed item, or `nil` if the session has none.
    /// - Throws: ``SessionStoreError``: not found.
    @discardableResult
    func popLastItem(of key: SessionKey) async throws -> SessionItem?

    /// Removes every item of a session, and its compactions. Sequence numbers are not reused
    /// afterwards.
    /// - Returns: How many items were removed.
    /// - Throws: ``SessionStoreError``: not found.
    @discardableResult
    func clearItems(of key: SessionKey) async throws -> Int

    /// Copies a session and its items up to and including a sequence number into a new session,
    /// leaving the original untouched.
    ///
    /// The copy is a new top-level, persistent session: it keeps the app, user, agent, own
    /// state and metadata (plus `forked_from: {id, sequence}`), starts in the lifecycle's
    /// initial phase, and keeps the copied items' sequence numbers, item ids and creation times,
    /// and the compactions that stand only for copied items, as they are.
    /// - Parameters:
    ///   - key: The session to copy.
    ///   - sequence: The last sequence number to copy; `nil` copies every item.
    ///   - newID: The copy's id; `nil` generates one.
    /// - Returns: The new session.
    /// - Throws: ``SessionStoreError``: not found, already exists (`newID` is taken), invalid
    ///   argument (a negative sequence or one past the last).
    func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session

    /// Writes a session exactly as given, for import and for moving sessions between stores.
    ///
    /// Every field is kept as it is: the times, the version, the phase history, the counts and
    /// the last sequence number included. The `app:` and `user:` keys of its state go to the
    /// shared scopes as in a create (overwriting keys the scopes hold), `temp:` keys and `null`
    /// values are dropped. The session starts without items; add them with ``restore(_:to:)``.
    /// - Parameter session: The session, as a store returned it.
    /// - Returns: The session as stored, with the shared state merged in.
    /// - Throws: ``SessionStoreError``: already exists (the key is taken; nothing changes), not
    ///   found (the parent does not exist), invalid argument (a malformed field, a phase the
    ///   app's lifecycle does not know, an outcome that is not final, a negative count).
    @discardableResult
    func restore(_ session: Session) async throws -> Session

    /// Adds items exactly as given (sequence numbers, item ids, creation times and JSON text) to
    /// a session, in one transaction, without changing the session: its version, last activity
    /// and last sequence number stay as they are.
    ///
    /// Items whose sequence number is at or below the highest one stored in the session are
    /// skipped, so restoring the same items again stores nothing twice, and a restore cut short
    /// continues where it stopped.
    /// - Parameters:
    ///   - items: The items, in ascending sequence order, each from 1 to the session's last
    ///     sequence number.
    ///   - key: The session.
    /// - Returns: How many items were stored; the others were skipped.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (sequence numbers out of
    ///   order or past the session's last one, a malformed item id, an item id that another item
    ///   of the session has). Nothing is stored then.
    @discardableResult
    func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int

    /// Stores a compaction of a session's items, checked against the session in the same
    /// transaction; the raw items and the session itself do not change.
    ///
    /// Callers use ``compact(_:_:)``, which reads and checks the range and counts its tokens
    /// first. The store numbers the compaction (one past the session's latest) and stamps it.
    /// - Returns: The stored compaction.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (a malformed compaction, a
    ///   range past the session's last sequence number), version conflict (the session's latest
    ///   compaction already reaches as far: a compaction must reach past it).
    @discardableResult
    func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction

    /// The compactions of a session, by ascending number.
    /// - Throws: ``SessionStoreError``: not found.
    func compactions(of key: SessionKey) async throws -> [Compaction]

    /// Adds compactions exactly as given (numbers, ranges, summaries, authors, times, token
    /// counts), for import and for moving sessions between stores, in one transaction. Those
    /// numbered at or below the session's latest stored one are skipped, so restoring again
    /// stores nothing twice.
    /// - Parameters:
    ///   - compactions: The compactions, by ascending number, each reaching past the one before
    ///     and none past the session's last sequence number.
    ///   - key: The session.
    /// - Returns: How many were stored.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (a malformed compaction,
    ///   compactions out of order). Nothing is stored then.
    @discardableResult
    func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int

    /// Compacts a session: stores a summary that stands for a range of its items in the model's
    /// view (``context(of:_:)``). Raw items are never changed or removed.
    ///
    /// A default implementation reads and checks the range with ``items(of:_:)`` and stores
    /// the compaction with ``addCompaction(_:to:)``; a client store asks its server.
    /// - Returns: The stored compaction.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (a malformed summary or range,
    ///   a range past the session's last item or that separates a tool call from its result),
    ///   version conflict (the latest compaction already reaches as far).
    @discardableResult
    func compact(_ key: SessionKey, _ request: CompactionRequest) async throws -> Compaction

    /// What to send to a model for a session: its compactions' summaries in place of the items
    /// they stand for, the raw items after them, and, to fit a budget, tool results elided and
    /// the oldest entries dropped (never a pinned one). Stored items are not changed.
    ///
    /// A default implementation builds it from ``compactions(of:)`` and ``items(of:_:)``; a
    /// client store asks its server.
    /// - Throws: ``SessionStoreError``: not found, invalid argument (a negative budget or pin).
    func context(of key: SessionKey, _ request: ContextRequest) async throws -> ModelContext

    /// The session's pinned items (``NewItem/isPinned``), oldest first: those the model's view
    /// keeps whatever the budget, even when a summary stands for them.
    /// - Throws: ``SessionStoreError``: not found.
    func pinnedItems(of key: SessionKey) async throws -> [SessionItem]

    /// Counts what a session's items cost a model: every item's tokens (the caller's counts,
    /// otherwise estimates) and the tokens of the model's view (``context(of:_:)`` without a
    /// budget).
    ///
    /// A default implementation reads the items a page at a time and the view; a store may
    /// count in its query language, and a client store asks its server.
    /// - Throws: ``SessionStoreError``: not found.
    func tokens(of key: SessionKey) async throws -> SessionTokens

    /// Decides whether a session may be resumed.
    ///
    /// A default implementation reads the session with ``session(_:)``; backends may read less.
    /// - Throws: ``SessionStoreError`` if the storage cannot be read. A missing session is the
    ///   decision ``ResumeDecision/Reason/notFound``, not an error.
    func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision

    /// Deletes every session idle longer than `age` (last activity before now − age) and every
    /// expired one, with their items, in one transaction. Younger sessions are never touched,
    /// not even children of deleted ones.
    /// - Parameters:
    ///   - age: The idle time after which a session is deleted.
    ///   - app: Only this app's sessions, or `nil` for every app.
    /// - Returns: How many sessions were deleted.
    /// - Throws: ``SessionStoreError``: invalid argument (a negative age).
    func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int

    /// Counts sessions and items (seed 002's metrics). The figures must equal a recount of the
    /// stored sessions and items at any moment, durations rounded by
    /// ``SessionStatistics/durationBucket(microseconds:)``.
    /// - Parameter app: One app, or `nil` for every app.
    /// - Throws: ``SessionStoreError`` if the storage cannot be read.
    func statistics(app: String?) async throws -> SessionStatistics
}

extension SessionStore {
    public func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage {
        SessionSummaryPage(try await list(query))
    }

    public func count(_ query: SessionQuery) async throws -> Int {
        try query.validate(lifecycles: lifecycles)
        var query = query.filters
        query.limit = 1000
        var count = 0
        repeat {
            let page = try await listSummaries(query)
            count += page.summaries.count
            query.cursor = page.nextCursor
        } while query.cursor != nil
        return count
    }

    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        let facts = try await session(key).map(ResumeFacts.init)
        return policy.decide(facts, lifecycle: lifecycles.lifecycle(for: key.app), now: clock.now())
    }

    /// Reads a session that must exist.
    /// - Throws: ``SessionStoreError``: not found.
    public func requireSession(_ key: SessionKey) async throws -> Session {
        guard let session = try await session(key) else { throw SessionStoreError.sessionNotFound(key) }
        return session
    }

    /// Changes a session without a version check.
    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate) async throws -> Session {
        try await self.update(key, update, expectedVersion: nil)
    }

    /// Finalizes a session with an outcome (a final phase) and a summary.
    /// - Throws: ``SessionStoreError``: not found, finalized (already finalized), invalid
    ///   argument (the outcome is not a final phase).
    @discardableResult
    public func finalize(
        _ key: SessionKey,
        outcome: Phase,
        summary: String? = nil,
        expectedVersion: Int64? = nil
    ) async throws -> Session {
        try await update(key, .finalize(outcome, summary: summary), expectedVersion: expectedVersion)
    }

    /// Records an error: the error count goes up by one and the message becomes the last error.
    @discardableResult
    public func recordError(_ key: SessionKey, message: String) async throws -> Session {
        try await update(key, .recordError(message), expectedVersion: nil)
    }

    /// Deletes every session of every app idle longer than `age`, and every expired one.
    /// - Returns: How many sessions were deleted.
    /// - Throws: ``SessionStoreError``: invalid argument (a negative age).
    public func deleteSessions(idleLongerThan age: Duration) async throws -> Int {
        try await deleteSessions(idleLongerThan: age, app: nil)
    }

    /// Every session that matches the query, following cursors across pages.
    public func listAll(_ query: SessionQuery) async throws -> [Session] {
        var query = query
        var sessions: [Session] = []
        repeat {
            let page = try await list(query)
            sessions += page.sessions
            query.cursor = page.nextCursor
        } while query.cursor != nil
        return sessions
    }
}

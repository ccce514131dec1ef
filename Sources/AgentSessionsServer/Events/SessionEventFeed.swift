import AgentSessions

/// Turns change notices about one session into the events of its stream, in order: each new
/// item, each phase change, finalization, other changes of the session, removed items, and
/// deletion.
///
/// On a `changed` notice it reads the session and the items after the last one it sent, so
/// notices may be merged or repeated and nothing is sent twice or skipped: items go out by
/// sequence number and phase changes from the session's phase history.
///
/// One feed reads for all the streams of a session (``SessionEventSource``); each stream keeps
/// a feed of its own only as a cursor (where its client is), to catch up from the store when
/// it joins or falls behind.
struct SessionEventFeed {
    /// How many items one read fetches.
    static let pageSize = 500

    private let store: any SessionStore
    private let key: SessionKey
    /// The session as the client last saw it; `nil` before the stream's opening event.
    private(set) var session: Session?
    /// The last item the client has.
    private(set) var lastSequence: Int64
    /// Whether the session is gone and the stream should end.
    private(set) var isFinished = false

    /// A feed that starts after `session`, whose items up to its last one the client has.
    init(store: any SessionStore, session: Session) {
        self.store = store
        self.key = session.key
        self.session = session
        self.lastSequence = session.lastSequence
    }

    /// A feed for a client that has the items up to `lastSequence` and has not seen the session.
    init(store: any SessionStore, key: SessionKey, after lastSequence: Int64) {
        self.store = store
        self.key = key
        self.lastSequence = lastSequence
    }

    /// The events a notice stands for.
    mutating func events(for change: SessionChange) async throws -> [ServerSentEvent] {
        switch change.kind {
        case .itemsRemoved(let sequences):
            return [ServerSentEvent("items_removed", json: ["sequences": .array(sequences.map(JSONValue.int))])]
        case .itemsCleared(let count):
            return [ServerSentEvent("items_cleared", json: ["count": .int(Int64(count))])]
        case .changed:
            guard let current = try await store.session(key) else {
                isFinished = true
                return [ServerSentEvent("deleted", json: ["id": .string(key.id.rawValue), "app": .string(key.app)])]
            }
            if let session, current.version <= session.version { return [] }
            return try await events(catchingUpTo: current, itemsThrough: .max)
        }
    }

    /// The events that bring the client from where it is to `current`: the items after its
    /// last one up to `lastItem` (read from the store), then the phase changes, finalization or
    /// other changes since the session it last saw. Before the opening, the client only learns
    /// where it now is: nothing is sent.
    mutating func events(catchingUpTo current: Session, itemsThrough lastItem: Int64) async throws
        -> [ServerSentEvent]
    {
        guard let previous = session else {
            session = current
            return []
        }
        session = current
        var events = try await newItems(through: lastItem)
        guard current.version > previous.version else { return events }
        for transition in current.phaseHistory.dropFirst(previous.phaseHistory.count) {
            let payload: JSONValue = [
                "from": .string(transition.from.rawValue), "to": .string(transition.to.rawValue),
                "at": transition.at.jsonValue, "version": .int(current.version),
            ]
            events.append(ServerSentEvent("phase", json: payload))
        }
        if current.isFinalized && !previous.isFinalized {
            events.append(ServerSentEvent("finalized", json: current.jsonValue))
        } else if Self.changedBeyondItemsAndPhase(from: previous, to: current) {
            events.append(ServerSentEvent("session", json: current.jsonValue))
        }
        return events
    }

    /// Records that the client got events up to `session` and item `lastItem` from elsewhere
    /// (the shared feed), without reading anything.
    mutating func advance(to session: Session, lastItem: Int64) {
        self.session = session
        lastSequence = max(lastSequence, lastItem)
    }

    /// Every item after the last one sent up to `lastItem`, oldest first, page by page.
    mutating func newItems(through lastItem: Int64) async throws -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        while lastSequence < lastItem {
            let page = try await store.items(of: key, ItemQuery(limit: Self.pageSize, after: lastSequence))
            for item in page where item.sequence <= lastItem {
                events.append(ServerSentEvent("item", id: String(item.sequence), data: item.jsonText))
                lastSequence = item.sequence
            }
            guard let last = page.last, last.sequence <= lastItem, page.count == Self.pageSize else { break }
        }
        return events
    }

    /// Whether a change did more than add items or change the phase (which have their own
    /// events): metadata, state, errors, resume marks, expiry.
    private static func changedBeyondItemsAndPhase(from previous: Session, to current: Session) -> Bool {
        var normalized = current
        normalized.version = previous.version
        normalized.updatedAt = previous.updatedAt
        normalized.lastSequence = previous.lastSequence
        normalized.phase = previous.phase
        normalized.phaseHistory = previous.phaseHistory
        return normalized != previous
    }
}

import AgentSessions

/// Turns change notices about one session into the events of its stream, in order: each new
/// item, each phase change, finalization, other changes of the session, removed items, and
/// deletion.
///
/// On a `changed` notice it reads the session and the items after the last one it sent, so
/// notices may be merged or repeated and nothing is sent twice or skipped: items go out by
/// sequence number and phase changes from the session's phase history.
struct SessionEventFeed {
    /// How many items one read fetches.
    static let pageSize = 500

    private let store: any SessionStore
    private let key: SessionKey
    private var session: Session
    private var lastSequence: Int64
    /// Whether the session is gone and the stream should end.
    private(set) var isFinished = false

    /// Starts after `session`, whose items up to `lastSequence` the client already has.
    init(store: any SessionStore, session: Session, after lastSequence: Int64) {
        self.store = store
        self.key = session.key
        self.session = session
        self.lastSequence = lastSequence
    }

    /// The first events: the session as it is, then the items after the client's last one.
    mutating func openingEvents() async throws -> [ServerSentEvent] {
        var events = [ServerSentEvent("session", json: session.jsonValue)]
        events += try await newItems()
        return events
    }

    /// The events a notice stands for.
    mutating func events(for change: SessionChange) async throws -> [ServerSentEvent] {
        switch change.kind {
        case .itemsRemoved(let sequences):
            return [ServerSentEvent("items_removed", json: ["sequences": .array(sequences.map(JSONValue.int))])]
        case .itemsCleared(let count):
            return [ServerSentEvent("items_cleared", json: ["count": .int(Int64(count))])]
        case .changed:
            return try await refresh()
        }
    }

    private mutating func refresh() async throws -> [ServerSentEvent] {
        guard let current = try await store.session(key) else {
            isFinished = true
            return [ServerSentEvent("deleted", json: ["id": .string(key.id.rawValue), "app": .string(key.app)])]
        }
        guard current.version > session.version else { return [] }
        let previous = session
        session = current
        var events = try await newItems()
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

    /// Every item after the last one sent, oldest first, page by page.
    private mutating func newItems() async throws -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        while true {
            let page = try await store.items(of: key, ItemQuery(limit: Self.pageSize, after: lastSequence))
            for item in page {
                events.append(ServerSentEvent("item", id: String(item.sequence), data: item.jsonText))
            }
            guard let last = page.last else { break }
            lastSequence = last.sequence
            if page.count < Self.pageSize { break }
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

public import AgentSessions
import Synchronization

/// Hands notices of changed sessions to whoever subscribed to them: live views, event streams,
/// cached agents.
///
/// Observe a store with it (``ObservedSessionStore``) and every write through that store is
/// announced; a store that learns of changes made elsewhere (another server on the same
/// database) may ``publish(_:)`` them too.
///
/// Each subscriber has a bounded buffer that keeps the newest notices: a subscriber that falls
/// behind loses old `changed` notices, never the last one, so a read after the last notice
/// still sees everything.
public final class SessionChangeHub: SessionStoreObserver, Sendable {

    private struct Subscribers {
        var nextID = 0
        var byKey: [SessionKey: [Int: AsyncStream<SessionChange>.Continuation]] = [:]
        var isClosed = false
    }

    private let subscribers = Mutex(Subscribers())
    private let bufferLimit: Int

    /// Creates a hub.
    /// - Parameter bufferLimit: How many notices a subscriber that falls behind keeps (the newest).
    public init(bufferLimit: Int = 256) {
        self.bufferLimit = max(1, bufferLimit)
    }

    /// The notices about one session, from now until the subscription ends (the consuming task
    /// is cancelled or stops iterating) or the hub is closed.
    public func subscribe(to key: SessionKey) -> AsyncStream<SessionChange> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SessionChange.self,
            bufferingPolicy: .bufferingNewest(bufferLimit)
        )
        let id: Int? = subscribers.withLock { subscribers in
            guard !subscribers.isClosed else { return nil }
            let id = subscribers.nextID
            subscribers.nextID += 1
            subscribers.byKey[key, default: [:]][id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id, from: key) }
        return stream
    }

    /// How many subscriptions are open.
    public var subscriptionCount: Int {
        subscribers.withLock { $0.byKey.values.reduce(0) { $0 + $1.count } }
    }

    /// Sends a notice to the subscribers of its session.
    public func publish(_ change: SessionChange) {
        let continuations = subscribers.withLock { $0.byKey[change.key].map { Array($0.values) } ?? [] }
        for continuation in continuations { continuation.yield(change) }
    }

    /// Publishes each change of `notices` as it arrives, until the sequence ends or the task is
    /// cancelled: for changes made elsewhere, such as the notices of other servers on one
    /// PostgreSQL database (`PostgresSessionStore.changeNotices`).
    public func publish(contentsOf notices: some AsyncSequence<SessionChange, Never>) async {
        for await change in notices { publish(change) }
    }

    /// Tells every subscriber of sessions in `app` (every app when `nil`) to read again: for
    /// deletions that reach sessions other than the one named (a tree, a clean-up).
    public func publishChangedEverywhere(in app: String?) {
        let continuations = subscribers.withLock { subscribers in
            subscribers.byKey.filter { app == nil || $0.key.app == app }.map { ($0.key, Array($0.value.values)) }
        }
        for (key, keyContinuations) in continuations {
            for continuation in keyContinuations { continuation.yield(SessionChange(key: key, kind: .changed)) }
        }
    }

    /// Ends every subscription and refuses new ones (their streams end at once): for shutdown.
    public func close() {
        let continuations = subscribers.withLock { subscribers in
            subscribers.isClosed = true
            defer { subscribers.byKey = [:] }
            return subscribers.byKey.values.flatMap(\.values)
        }
        for continuation in continuations { continuation.finish() }
    }

    /// Announces what a successful write changed.
    public func storeDidFinish(_ call: StoreCall) {
        guard let effect = call.effect, hasSubscribers else { return }
        switch effect {
        case .created(let session):
            publish(SessionChange(key: session.key, kind: .changed))
        case .updated(let session, _):
            publish(SessionChange(key: session.key, kind: .changed))
        case .appended:
            if let key = call.key { publish(SessionChange(key: key, kind: .changed)) }
        case .popped(let item):
            if let key = call.key { publish(SessionChange(key: key, kind: .itemsRemoved([item.sequence]))) }
        case .cleared(let count):
            if let key = call.key, count > 0 { publish(SessionChange(key: key, kind: .itemsCleared(count: count))) }
        case .deleted:
            if let key = call.key { publishChangedEverywhere(in: key.app) }
        case .deletedIdle(let count, let app):
            if count > 0 { publishChangedEverywhere(in: app) }
        }
    }

    private var hasSubscribers: Bool {
        subscribers.withLock { !$0.byKey.isEmpty }
    }

    private func unsubscribe(_ id: Int, from key: SessionKey) {
        subscribers.withLock { subscribers in
            subscribers.byKey[key]?[id] = nil
            if subscribers.byKey[key]?.isEmpty == true { subscribers.byKey[key] = nil }
        }
    }
}

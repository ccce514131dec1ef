import AgentSessions
import NIOCore
import Synchronization

/// The event streams of one session, fed by one reader: on each notice it reads the session and
/// its new items once, encodes their events once, and hands the same bytes to every stream.
/// Memory and store reads per change so do not grow with the number of streams.
///
/// A stream joins with ``join()``: it first receives where it starts (``SessionEventDelivery/opened(_:)``),
/// then every change after that point, in order. Joining and the hand-out of a change happen
/// under one lock, so that a stream neither misses nor repeats a change. A stream that falls
/// more than ``frameBuffer`` changes behind is dropped (``SessionEventSubscription/isOverflowed``)
/// and joins again, catching up from the store.
///
/// ``run()`` (a task of ``SessionEventSources``) reads: it subscribes to the notices at creation,
/// so that no change between the creation and its first read is missed, and ends when the
/// session is deleted, the store fails, or the last stream leaves.
final class SessionEventSource: Sendable {
    /// How many changes a stream may fall behind before it is dropped to catch up.
    static let frameBuffer = 16

    private struct State {
        /// Where new streams start; `nil` until the first read.
        var snapshot: SessionEventSnapshot?
        var streams: [Int: AsyncStream<SessionEventDelivery>.Continuation] = [:]
        var nextID = 0
        /// The streams dropped for falling behind, until they leave.
        var dropped: Set<Int> = []
        /// Whether the source takes no new streams (it ended, or is ending).
        var isEnded = false
    }

    /// The session.
    let key: SessionKey
    private let store: any SessionStore
    private let changes: AsyncStream<SessionChange>
    private let state = Mutex(State())
    private let abandonment = AsyncStream.makeStream(of: Never.self)

    /// A source whose notices come from `hub`, subscribed to now.
    init(key: SessionKey, store: any SessionStore, hub: SessionChangeHub) {
        self.key = key
        self.store = store
        self.changes = hub.subscribe(to: key)
    }

    /// Whether the source takes no new streams.
    var isEnded: Bool { state.withLock { $0.isEnded } }

    /// Adds a stream; `nil` once the source has ended.
    func join() -> SessionEventSubscription? {
        let (deliveries, continuation) = AsyncStream.makeStream(
            of: SessionEventDelivery.self,
            bufferingPolicy: .bufferingOldest(Self.frameBuffer + 1)
        )
        let id: Int? = state.withLock { state in
            guard !state.isEnded else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.streams[id] = continuation
            if let snapshot = state.snapshot { continuation.yield(.opened(snapshot)) }
            return id
        }
        guard let id else { return nil }
        return SessionEventSubscription(deliveries: deliveries, source: self, id: id)
    }

    /// Removes a stream; the source ends when it was the last.
    func leave(_ id: Int) {
        let (continuation, isAbandoned) = state.withLock { state in
            let continuation = state.streams.removeValue(forKey: id)
            state.dropped.remove(id)
            guard state.streams.isEmpty, !state.isEnded else { return (continuation, false) }
            state.isEnded = true
            return (continuation, true)
        }
        continuation?.finish()
        if isAbandoned { abandonment.continuation.finish() }
    }

    /// Keeps the encoded `session` event of a snapshot for the streams that open after it.
    func keep(sessionEvent: ByteBuffer, of version: Int64) {
        state.withLock { state in
            guard state.snapshot?.session.version == version, state.snapshot?.sessionEvent == nil else { return }
            state.snapshot?.sessionEvent = sessionEvent
        }
    }

    /// Reads and hands out changes until the session is deleted, the store fails, or every
    /// stream left; then ends every stream.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.feedStreams() }
            group.addTask { for await _ in self.abandonment.stream {} }
            _ = await group.next()
            group.cancelAll()
        }
        end()
    }

    /// Ends every stream and the reader, and takes no new streams.
    func end() {
        let continuations = state.withLock { state in
            state.isEnded = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for continuation in continuations { continuation.finish() }
        abandonment.continuation.finish()
    }

    private func feedStreams() async {
        let session: Session
        do {
            session = try await store.requireSession(key)
        } catch {
            hand(.failed(error), opening: nil)
            return
        }
        var feed = SessionEventFeed(store: store, session: session)
        let sessionEvent = ByteBuffer(string: ServerSentEvent("session", json: session.jsonValue).text)
        let opening = SessionEventSnapshot(
            session: session,
            lastSequence: session.lastSequence,
            sessionEvent: sessionEvent
        )
        hand(.opened(opening), opening: opening)
        do {
            for await change in changes {
                let events = try await feed.events(for: change)
                guard !events.isEmpty, let session = feed.session else { continue }
                let frame = SessionEventFrame(
                    bytes: ByteBuffer(string: events.map(\.text).joined()),
                    session: session,
                    lastSequence: feed.lastSequence,
                    isFinal: feed.isFinished
                )
                hand(
                    .frame(frame),
                    opening: SessionEventSnapshot(session: session, lastSequence: feed.lastSequence)
                )
                if feed.isFinished { return }
            }
        } catch {
            // A failed read ends the streams (their clients reconnect with Last-Event-ID).
        }
    }

    /// Hands a delivery to every stream, and makes `opening` where new streams start, in one
    /// step as far as joining streams can tell.
    private func hand(_ delivery: SessionEventDelivery, opening: SessionEventSnapshot?) {
        let streams = state.withLock { state in
            if let opening { state.snapshot = opening }
            return state.streams
        }
        for (id, continuation) in streams {
            if case .dropped = continuation.yield(delivery) { drop(id) }
        }
    }

    /// Ends a stream that fell too far behind; its subscription says so, and it joins again.
    private func drop(_ id: Int) {
        let continuation = state.withLock { state in
            state.dropped.insert(id)
            return state.streams.removeValue(forKey: id)
        }
        continuation?.finish()
    }

    /// Whether a stream was dropped for falling behind.
    func wasDropped(_ id: Int) -> Bool {
        state.withLock { $0.dropped.contains(id) }
    }
}

import AgentSessions
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /v1/sessions/{id}/events`: Server-Sent Events of every change to one session, in
/// order, for live views.
///
/// The stream opens with a `session` event (the session as it is), then items after `?after=`
/// or the `Last-Event-ID` header (none when neither is given), then one event per change:
/// `item` (id: its sequence number), `phase`, `finalized`, `session` (other changes),
/// `items_removed`, `items_cleared` and, last, `deleted`. It ends when the session is deleted,
/// the client leaves or the server shuts down.
struct EventsController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.get("sessions/:id/events", use: stream)
    }

    @Sendable func stream(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        try request.uri.queryParameters.requireOnly(["app", "after"])
        let after = try Self.startingSequence(request)
        let subscription = services.events.subscribe(to: key)
        let snapshot = try await Self.opening(of: subscription)
        let store = services.store
        let heartbeat = services.configuration.eventHeartbeat
        let sources = services.events
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var cursor = SessionEventFeed(store: store, key: key, after: after ?? snapshot.session.lastSequence)
                var subscription = subscription
                var snapshot = snapshot
                // Joins again (and catches up from the store) while the stream falls behind.
                while try await Self.write(
                    from: subscription,
                    startingAt: snapshot,
                    cursor: &cursor,
                    heartbeat: heartbeat,
                    to: &writer
                ) {
                    subscription = sources.subscribe(to: key)
                    do {
                        snapshot = try await Self.opening(of: subscription)
                    } catch {
                        break  // the session went, or the server is shutting down: the stream ends
                    }
                }
                try await writer.finish(nil)
            }
        )
    }

    /// Where a subscription starts.
    /// - Throws: The store's error when the session cannot be read (404 when it does not exist),
    ///   503 when the server is shutting down.
    private static func opening(of subscription: SessionEventSubscription) async throws -> SessionEventSnapshot {
        for await delivery in subscription.deliveries {
            switch delivery {
            case .opened(let snapshot): return snapshot
            case .failed(let error): throw error
            case .frame: continue
            }
        }
        throw APIError.shuttingDown
    }

    /// Writes the stream from a subscription: the catch-up to its starting point (the opening
    /// `session` event and the client's missing items, the first time), then every change, with
    /// heartbeats between. Ends when the session is deleted, the server shuts down, or the
    /// stream falls behind.
    /// - Returns: Whether the stream fell behind and should join again.
    private static func write(
        from subscription: SessionEventSubscription,
        startingAt snapshot: SessionEventSnapshot,
        cursor: inout SessionEventFeed,
        heartbeat: Duration,
        to writer: inout any ResponseBodyWriter
    ) async throws -> Bool {
        if cursor.session == nil {
            let sessionEvent =
                snapshot.sessionEvent
                ?? ByteBuffer(string: ServerSentEvent("session", json: snapshot.session.jsonValue).text)
            subscription.keep(sessionEvent: sessionEvent, of: snapshot.session.version)
            try await writer.write(sessionEvent)
        }
        try await writer.write(
            events: cursor.events(catchingUpTo: snapshot.session, itemsThrough: snapshot.lastSequence)
        )
        try await writer.write(events: cursor.newItems(through: snapshot.lastSequence))
        let (signals, signalling) = AsyncStream.makeStream(of: StreamSignal.self)
        var isFinished = false
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup { group in
                group.addTask {
                    for await delivery in subscription.deliveries {
                        if case .frame(let frame) = delivery { signalling.yield(.frame(frame)) }
                    }
                    signalling.finish()
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: heartbeat)
                        signalling.yield(.heartbeat)
                    }
                }
                for await signal in signals {
                    switch signal {
                    case .frame(let frame):
                        try await writer.write(frame.bytes)
                        cursor.advance(to: frame.session, lastItem: frame.lastSequence)
                        isFinished = frame.isFinal
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ServerSentEvent.comment("heartbeat")))
                    }
                    if isFinished { break }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            signalling.finish()
        }
        return !isFinished && subscription.isOverflowed
    }

    /// The sequence number the client already has: `?after=` or else `Last-Event-ID`.
    private static func startingSequence(_ request: Request) throws -> Int64? {
        if let after = try ListParameters.count(request.uri.queryParameters["after"], name: "after") {
            return Int64(after)
        }
        guard let lastEventID = request.headers[.lastEventID] else { return nil }
        guard let sequence = Int64(lastEventID), sequence >= 0 else {
            throw APIError.invalid("Last-Event-ID", "Last-Event-ID must be the id of an item event, a sequence number")
        }
        return sequence
    }
}

/// What wakes an event stream up.
private enum StreamSignal: Sendable {
    case frame(SessionEventFrame)
    case heartbeat
}

extension ResponseBodyWriter {
    /// Writes events in one buffer.
    fileprivate mutating func write(events: [ServerSentEvent]) async throws {
        guard !events.isEmpty else { return }
        try await write(ByteBuffer(string: events.map(\.text).joined()))
    }
}

extension HTTPField.Name {
    /// `Last-Event-ID`, which a reconnecting event-stream client sends.
    fileprivate static let lastEventID = HTTPField.Name("Last-Event-ID")!
}

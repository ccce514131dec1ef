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
        let parameters = request.uri.queryParameters
        for (name, _) in parameters where !["app", "after"].contains(String(name)) {
            throw APIError.invalid(String(name), "unknown query parameter '\(name)'")
        }
        let after = try Self.startingSequence(request)
        // Subscribe before reading, so no change between the read and the subscription is missed.
        let changes = services.changes.subscribe(to: key)
        let session = try await services.store.requireSession(key)
        let opening = SessionEventFeed(store: services.store, session: session, after: after ?? session.lastSequence)
        let heartbeat = services.configuration.eventHeartbeat
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var feed = opening
                try await writer.write(events: feed.openingEvents())
                let (signals, signalling) = AsyncStream.makeStream(of: StreamSignal.self)
                try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup { group in
                        group.addTask {
                            for await change in changes { signalling.yield(.change(change)) }
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
                            case .change(let change):
                                try await writer.write(events: feed.events(for: change))
                            case .heartbeat:
                                try await writer.write(ByteBuffer(string: ServerSentEvent.comment("heartbeat")))
                            }
                            if feed.isFinished { break }
                        }
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    signalling.finish()
                }
                try await writer.finish(nil)
            }
        )
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
    case change(SessionChange)
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

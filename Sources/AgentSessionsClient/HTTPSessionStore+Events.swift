public import AgentSessions
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension HTTPSessionStore {
    /// The changes of a session as they happen, from its Server-Sent Events.
    ///
    /// The sequence opens with ``SessionEvent/session(_:)`` (the session as it is), then the
    /// items after `after`, then one event per change, and ends after
    /// ``SessionEvent/deleted``. When the connection drops it connects again, asking for the
    /// items after the last one received (`Last-Event-ID`), so no item is missed or repeated;
    /// each new connection opens with the session as it is then. It gives up, with
    /// `SessionStoreError/Code/unavailable`, after ``Configuration/retries`` connections in a
    /// row fail. Cancelling the task that iterates closes the connection.
    /// - Parameters:
    ///   - key: The session.
    ///   - after: Send the items after this sequence number first; `nil` for none (only new ones).
    /// - Returns: The events; iterating throws `SessionStoreError` (not found for a missing
    ///   session).
    public func events(of key: SessionKey, after: Int64? = nil) -> AsyncThrowingStream<SessionEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SessionEvent.self)
        let reader = Task { [self] in
            do {
                try await readEvents(of: key, after: after, into: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return stream
    }

    /// Reads the stream, connecting again after a drop, until the session is deleted.
    private func readEvents(
        of key: SessionKey,
        after: Int64?,
        into continuation: AsyncThrowingStream<SessionEvent, any Error>.Continuation
    ) async throws {
        var cursor = after
        var failures = 0
        while true {
            try Task.checkCancellation()
            var request = HTTPClientRequest(
                url: transport.base + Self.path(key, "/events") + "?app=" + APITransport.encoded(key.app)
            )
            request.headers.add(name: "Accept", value: "text/event-stream")
            if let apiKey = configuration.apiKey {
                request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            }
            if let cursor { request.headers.add(name: "Last-Event-ID", value: String(cursor)) }
            var failure: SessionStoreError
            do {
                let response = try await configuration.httpClient.execute(request, deadline: .distantFuture)
                guard response.status == .ok else {
                    let body = try await response.body.collect(upTo: 1 << 20)
                    let error = APIErrorAnswer(status: response.status, text: String(buffer: body))
                        .error(for: "GET \(Self.path(key, "/events"))", server: transport.base)
                    throw error  // a 503 is unavailable: connected to again below
                }
                var parser = EventStreamParser()
                for try await buffer in response.body {
                    for wire in parser.events(in: buffer) {
                        guard let event = try Self.event(wire) else { continue }
                        failures = 0
                        switch event {
                        case .session(let session) where cursor == nil: cursor = session.lastSequence
                        case .item(let item): cursor = item.sequence
                        case .deleted:
                            continuation.yield(event)
                            return
                        default: break
                        }
                        continuation.yield(event)
                    }
                }
                failure = SessionStoreError(.unavailable, "the server ended the event stream of \(key)")
            } catch let error as SessionStoreError where error.code != .unavailable {
                throw error
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                failure =
                    (error as? SessionStoreError)
                    ?? SessionStoreError(
                        .unavailable,
                        "the event stream of \(key) from \(transport.base) broke: \(error)",
                        cause: error
                    )
            }
            failures += 1
            guard failures <= configuration.retries else { throw failure }
            try await Task.sleep(for: .milliseconds(100 << min(failures - 1, 6)))
        }
    }

    /// The typed event of a wire event; `nil` for a type this client does not know.
    private static func event(_ wire: EventStreamParser.Event) throws(SessionStoreError) -> SessionEvent? {
        func object() throws(SessionStoreError) -> JSONObject {
            guard let object = try JSONValue(parsing: wire.data, field: wire.name).objectValue else {
                throw .invalid(wire.name, "the \(wire.name) event's data is not an object")
            }
            return object
        }
        do throws(SessionStoreError) {
            switch wire.name {
            case "session": return .session(try Session(json: wire.data))
            case "finalized": return .finalized(try Session(json: wire.data))
            case "item": return .item(try SessionItem(json: wire.data))
            case "phase":
                let fields = try object()
                guard let version = fields["version"]?.intValue else {
                    throw SessionStoreError.invalid("version", "the phase event has no version")
                }
                var transition = fields
                transition["version"] = nil
                return .phase(try PhaseTransition(json: .object(transition)), version: version)
            case "items_removed":
                let sequences = try object()["sequences"]?.arrayValue?.compactMap(\.intValue)
                return .itemsRemoved(sequences ?? [])
            case "items_cleared":
                return .itemsCleared(count: Int(clamping: try object()["count"]?.intValue ?? 0))
            case "deleted": return .deleted
            default: return nil
            }
        } catch {
            throw SessionStoreError(
                .unavailable,
                "the server's \(wire.name) event is not what this client reads (\(error.message))",
                cause: error
            )
        }
    }
}

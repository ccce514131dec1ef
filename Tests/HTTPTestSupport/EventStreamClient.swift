public import NIOCore
public import NIOHTTP1
import NIOPosix

/// One event read from a `text/event-stream`: a comment (a heartbeat) has the name `:`.
public struct ReceivedEvent: Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var id: String?
    public var data: String

    public init(name: String, id: String?, data: String) {
        self.name = name
        self.id = id
        self.data = data
    }

    public var description: String { "\(name)\(id.map { "#\($0)" } ?? "") \(data)" }
}

/// Opens an event stream over a real connection to a live server and reads it event by event,
/// as a browser's `EventSource` would.
public enum EventStreamClient {
    /// Sends `GET path` to 127.0.0.1:`port` and hands the answer's status and its events to
    /// `body`; the connection closes when `body` returns.
    public static func withStream<Result: Sendable>(
        port: Int,
        path: String,
        headers: [(String, String)] = [],
        _ body: (HTTPResponseStatus, inout EventReader) async throws -> Result
    ) async throws -> Result {
        try await HTTPTestClient.connect(port: port).executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
            head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
            head.headers.add(name: "Accept", value: "text/event-stream")
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            try await outbound.write(.head(head))
            try await outbound.write(.end(nil))
            var reader = EventReader(parts: inbound.makeAsyncIterator())
            let status = try await reader.status()
            return try await body(status, &reader)
        }
    }
}

/// Parses the event stream from the response parts as they arrive.
public struct EventReader {
    private var parts: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private var pending = ""
    private var ended = false

    init(parts: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator) {
        self.parts = parts
    }

    /// The response's status, read from its head.
    public mutating func status() async throws -> HTTPResponseStatus {
        while let part = try await parts.next() {
            if case .head(let head) = part { return head.status }
        }
        throw EventStreamError("the connection closed before the response head")
    }

    /// The next event, or `nil` once the response ended.
    public mutating func next() async throws -> ReceivedEvent? {
        while true {
            if let range = pending.firstRange(of: "\n\n") {
                let block = pending[..<range.lowerBound]
                pending.removeSubrange(..<range.upperBound)
                return Self.event(from: block)
            }
            if ended { return nil }
            switch try await parts.next() {
            case .body(let buffer): pending += String(buffer: buffer)
            case .end, nil: ended = true
            case .head: throw EventStreamError("a second response head arrived")
            }
        }
    }

    /// The next event that is not a comment.
    public mutating func nextEvent() async throws -> ReceivedEvent? {
        while let event = try await next() {
            if event.name != ":" { return event }
        }
        return nil
    }

    /// The next `count` events that are not comments.
    public mutating func nextEvents(_ count: Int) async throws -> [ReceivedEvent] {
        var events: [ReceivedEvent] = []
        while events.count < count, let event = try await nextEvent() { events.append(event) }
        return events
    }

    private static func event(from block: Substring) -> ReceivedEvent {
        var event = ReceivedEvent(name: "message", id: nil, data: "")
        var dataLines: [Substring] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") {
                return ReceivedEvent(name: ":", id: nil, data: String(line.dropFirst().drop { $0 == " " }))
            }
            let field = line.prefix { $0 != ":" }
            var value = line.dropFirst(field.count + 1)
            if value.hasPrefix(" ") { value = value.dropFirst() }
            switch field {
            case "event": event.name = String(value)
            case "id": event.id = String(value)
            case "data": dataLines.append(value)
            default: break
            }
        }
        event.data = dataLines.joined(separator: "\n")
        return event
    }
}

/// A broken event stream.
public struct EventStreamError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

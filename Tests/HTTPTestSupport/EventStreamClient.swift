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
    /// Bytes received and not yet returned as events.
    private var pending: [UInt8] = []
    /// How many bytes at the start of `pending` are known to hold no blank line: each search
    /// goes on from there, so an event that arrives in many parts is scanned once, not once
    /// per part.
    private var scanned = 0
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
            if let end = Self.blankLine(in: pending, from: scanned) {
                let block = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(..<(end + 2))
                scanned = 0
                return Self.event(from: block[...])
            }
            scanned = max(pending.count - 1, 0)
            if ended { return nil }
            switch try await parts.next() {
            case .body(let buffer): pending.append(contentsOf: buffer.readableBytesView)
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

    /// Where the first blank line (`\n\n`) at or after `start` begins, if there is one.
    private static func blankLine(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") && bytes[index + 1] == UInt8(ascii: "\n") { return index }
            index += 1
        }
        return nil
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

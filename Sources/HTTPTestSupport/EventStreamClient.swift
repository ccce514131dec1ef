import NIOCore
public import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// Whether `data` holds `text`, compared byte by byte (`memchr`, `memcmp`): fast on an
    /// event of megabytes, where `String.contains` compares `Character`s.
    public func dataContains(_ text: String) -> Bool {
        var data = data
        var text = text
        return data.withUTF8 { haystack in
            text.withUTF8 { needle in
                guard let first = needle.first, let pin = needle.baseAddress else { return true }
                let bytes = UnsafeRawBufferPointer(haystack)
                var offset = 0
                while let found = bytes.firstOffset(of: first, from: offset), found + needle.count <= bytes.count {
                    if memcmp(bytes.baseAddress! + found, pin, needle.count) == 0 { return true }
                    offset = found + 1
                }
                return false
            }
        }
    }
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
///
/// The parsing works on bytes with `memchr`, never on `Character`s: a test may read hundreds
/// of streams of events of a megabyte at once, on the same few threads that every other test
/// running meanwhile needs.
public struct EventReader {
    private var parts: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    /// Bytes received and not yet returned as events.
    private var pending = ByteBuffer()
    /// How many readable bytes of `pending` are known to hold no blank line: each search goes
    /// on from there, so an event that arrives in many parts is scanned once, not once per part.
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
                let event = pending.withUnsafeReadableBytes {
                    Self.event(from: UnsafeRawBufferPointer(rebasing: $0[..<end]))
                }
                pending.moveReaderIndex(forwardBy: end + 2)
                if pending.readerIndex > 1 << 20 { pending.discardReadBytes() }
                scanned = 0
                return event
            }
            scanned = max(pending.readableBytes - 1, 0)
            if ended { return nil }
            switch try await parts.next() {
            case .body(var buffer): pending.writeBuffer(&buffer)
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

    /// Where the first blank line (`\n\n`) at or after `start` of the readable bytes begins.
    private static func blankLine(in buffer: ByteBuffer, from start: Int) -> Int? {
        buffer.withUnsafeReadableBytes { bytes in
            var index = start
            while index + 1 < bytes.count {
                guard let newline = bytes.firstOffset(of: UInt8(ascii: "\n"), from: index) else { return nil }
                if newline + 1 < bytes.count && bytes[newline + 1] == UInt8(ascii: "\n") { return newline }
                index = newline + 1
            }
            return nil
        }
    }

    /// The event of one block of lines (without the blank line that ends it).
    private static func event(from block: UnsafeRawBufferPointer) -> ReceivedEvent {
        var event = ReceivedEvent(name: "message", id: nil, data: "")
        var dataLines: [String] = []
        var lineStart = 0
        while lineStart <= block.count {
            let lineEnd = block.firstOffset(of: UInt8(ascii: "\n"), from: lineStart) ?? block.count
            let line = UnsafeRawBufferPointer(rebasing: block[lineStart..<lineEnd])
            lineStart = lineEnd + 1
            let colon = line.firstOffset(of: UInt8(ascii: ":"), from: 0) ?? line.count
            var valueStart = min(colon + 1, line.count)
            if valueStart < line.count && line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
            let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[valueStart...]), as: UTF8.self)
            if colon == 0 && !line.isEmpty { return ReceivedEvent(name: ":", id: nil, data: value) }
            switch String(decoding: UnsafeRawBufferPointer(rebasing: line[..<colon]), as: UTF8.self) {
            case "event": event.name = value
            case "id": event.id = value
            case "data": dataLines.append(value)
            default: break
            }
        }
        event.data = dataLines.joined(separator: "\n")
        return event
    }
}

extension UnsafeRawBufferPointer {
    /// The offset of the first `byte` at or after `start` (`memchr`), if there is one.
    func firstOffset(of byte: UInt8, from start: Int) -> Int? {
        guard let base = baseAddress, start < count else { return nil }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}

/// A broken event stream.
public struct EventStreamError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

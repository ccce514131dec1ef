import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An answer read by ``RawHTTPConnection``: the status, the header fields (names lowercased) and
/// the body's bytes.
public struct RawHTTPAnswer: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields, names lowercased.
    public var headers: [String: String]
    /// The body's bytes.
    public var body: [UInt8]

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTP/1.1 message read by ``RawHTTPConnection``: its first line, header fields (names
/// lowercased), body and every byte as it came.
public struct RawHTTPMessage: Sendable {
    /// The request line or status line.
    public var startLine: String
    /// The header fields, names lowercased.
    public var headers: [String: String]
    /// The body's bytes.
    public var body: [UInt8]
    /// The whole message as it came, head and body.
    public var bytes: [UInt8]
}

/// A TCP connection to 127.0.0.1 that writes exactly the bytes it is given, so that tests can
/// send what no HTTP client library would: invalid UTF-8 in a path, half a body, a body larger
/// than anything sensible.
///
/// ```swift
/// let answer = try await RawHTTPConnection.withConnection(port: port) { connection in
///     try await connection.write(RawHTTPConnection.request("GET", target: Array("/healthz".utf8)))
///     return try await connection.readAnswer()
/// }
/// ```
public final class RawHTTPConnection {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// The connection's channel, which a deadline closes.
    let channel: any Channel
    /// Bytes read but not yet taken by an answer.
    private var pending: [UInt8] = []

    init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        channel: any Channel
    ) {
        self.inbound = inbound
        self.outbound = outbound
        self.channel = channel
    }

    /// Opens a connection, hands it to `body`, and closes it when `body` returns.
    /// - Throws: The connection's error when 127.0.0.1:`port` refuses it, or `body`'s error.
    public static func withConnection<Result: Sendable>(
        port: Int,
        _ body: (RawHTTPConnection) async throws -> Result
    ) async throws -> Result {
        let channel = try await HTTPTestClient.bootstrap
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(
                RawHTTPConnection(inbound: inbound.makeAsyncIterator(), outbound: outbound, channel: channel.channel)
            )
        }
    }

    /// The bytes of an HTTP/1.1 request: the request line with `target` as given (not escaped),
    /// `Host`, `Content-Length` when there is a body, the extra header lines, and the body.
    public static func request(
        _ method: String,
        target: [UInt8],
        headers: [String] = [],
        body: [UInt8]? = nil
    ) -> [UInt8] {
        var head = ["Host: 127.0.0.1"] + headers
        if let body { head.append("Content-Length: \(body.count)") }
        let text = " HTTP/1.1\r\n" + head.map { $0 + "\r\n" }.joined() + "\r\n"
        return Array(method.utf8) + [UInt8(ascii: " ")] + target + Array(text.utf8) + (body ?? [])
    }

    /// Writes bytes as they are.
    public func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Reads one answer whose length is known (`Content-Length`), or that ends when the server
    /// closes the connection.
    /// - Returns: The answer, or `nil` when the server closed the connection before answering.
    public func readAnswer() async throws -> RawHTTPAnswer? {
        guard let message = try await readMessage() else { return nil }
        let statusWords = message.startLine.split(separator: " ")
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw HTTPTestClientError("not an HTTP status line: \(message.startLine)")
        }
        return RawHTTPAnswer(status: status, headers: message.headers, body: message.body)
    }

    /// Reads one HTTP/1.1 message (a request or an answer) whose length is known
    /// (`Content-Length`, or none for no body in a request), or that ends when the peer closes.
    /// - Parameter isRequest: Whether the message is a request, which has no body without a
    ///   `Content-Length`.
    /// - Returns: The message, or `nil` when the peer closed the connection before sending one.
    public func readMessage(isRequest: Bool = false) async throws -> RawHTTPMessage? {
        var headEnd = pending.firstRange(of: Self.blankLine)
        while headEnd == nil {
            guard try await readMore() else { return nil }
            headEnd = pending.firstRange(of: Self.blankLine)
        }
        guard let headEnd else { return nil }
        let head = Array(pending[..<headEnd.upperBound])
        let lines = String(decoding: pending[..<headEnd.lowerBound], as: UTF8.self).split(
            separator: "\r\n",
            omittingEmptySubsequences: false
        )
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingPrefix(" ").description
        }
        pending.removeSubrange(..<headEnd.upperBound)
        let startLine = String(lines[0])
        if let length = headers["content-length"].flatMap({ Int($0) }) ?? (isRequest ? 0 : nil) {
            while pending.count < length {
                guard try await readMore() else { throw HTTPTestClientError("the message's body was cut short") }
            }
            let body = Array(pending.prefix(length))
            pending.removeFirst(length)
            return RawHTTPMessage(startLine: startLine, headers: headers, body: body, bytes: head + body)
        }
        while try await readMore() {}
        defer { pending = [] }
        return RawHTTPMessage(startLine: startLine, headers: headers, body: pending, bytes: head + pending)
    }

    /// Reads and drops whatever the server sends until it closes the connection.
    public func waitUntilClosed() async throws {
        while try await readMore() {}
        pending = []
    }

    /// Writes `head`, then `total` body bytes in chunks of `chunkSize`, while reading the
    /// answer; the writing stops early when the answer comes or the server closes the
    /// connection. A `total` below the length the head announces leaves the body unfinished: an
    /// answer then proves that the server did not wait for the whole body.
    /// - Parameters:
    ///   - head: The request's head, blank line included.
    ///   - total: The most body bytes to write.
    ///   - chunkSize: The bytes of one write.
    ///   - isChunked: Whether to frame each write as a chunk of `Transfer-Encoding: chunked`.
    /// - Returns: The answer, or `nil` if the server closed the connection without one.
    public func streamBody(
        after head: [UInt8],
        total: Int,
        chunkSize: Int = 64 * 1024,
        isChunked: Bool = false
    ) async throws -> RawHTTPAnswer? {
        try await write(head)
        let outbound = self.outbound
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: chunkSize)
                if isChunked {
                    chunk = ByteBuffer(string: String(chunkSize, radix: 16) + "\r\n")
                    chunk.writeRepeatingByte(UInt8(ascii: "x"), count: chunkSize)
                    chunk.writeString("\r\n")
                }
                var written = 0
                // Once the server has answered it may close the connection: a failed write ends the body.
                while written < total, !Task.isCancelled, (try? await outbound.write(chunk)) != nil {
                    written += chunkSize
                }
            }
            let answer = try await readAnswer()
            group.cancelAll()
            return answer
        }
    }

    /// Reads the next bytes into `pending`.
    /// - Returns: `false` when the server closed the connection.
    /// The next bytes the peer sent, as they come; `nil` once it has closed.
    public func readChunk() async throws -> [UInt8]? {
        if pending.isEmpty, try await !readMore() { return nil }
        defer { pending = [] }
        return pending
    }

    func readMore() async throws -> Bool {
        do {
            guard let buffer = try await inbound.next() else { return false }
            pending.append(contentsOf: buffer.readableBytesView)
            return true
        } catch  where Self.isReset(error) {
            return false
        }
    }

    /// Whether an error is the peer resetting the connection, which ends it like a close.
    private static func isReset(_ error: any Error) -> Bool {
        guard let error = error as? IOError else { return false }
        return error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
    }

    private static let blankLine: [UInt8] = Array("\r\n\r\n".utf8)
}

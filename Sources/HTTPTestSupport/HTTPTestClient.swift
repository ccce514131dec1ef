import NIOCore
public import NIOHTTP1
import NIOPosix

/// An answer read by ``HTTPTestClient``.
public struct HTTPAnswer: Sendable {
    /// The status.
    public var status: HTTPResponseStatus
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body as text.
    public var text: String
}

/// A plain HTTP/1.1 client over a real connection to 127.0.0.1, for tests that talk to a
/// server in another process: one keep-alive connection, one request at a time.
///
/// ```swift
/// let answer = try await HTTPTestClient.withConnection(port: port) { connection in
///     try await connection.send(.POST, "/v1/sessions", body: #"{"id":"a"}"#)
/// }
/// ```
public enum HTTPTestClient {
    /// Opens a connection, hands it to `body`, and closes it when `body` returns.
    public static func withConnection<Result: Sendable>(
        port: Int,
        _ body: (HTTPTestConnection) async throws -> Result
    ) async throws -> Result {
        try await connect(port: port).executeThenClose { inbound, outbound in
            try await body(HTTPTestConnection(port: port, inbound: inbound.makeAsyncIterator(), outbound: outbound))
        }
    }

    /// How long connecting to a test server may take: 60 seconds. NIO's default of 10 seconds
    /// was too short on a 2-core machine running the whole test suite, where a server (or its
    /// accept queue, full of a hostile test's thousand connections) answers a SYN late.
    static let connectTimeout = TimeAmount.seconds(60)

    /// A client bootstrap on NIO's shared event loops with ``connectTimeout``.
    static var bootstrap: ClientBootstrap {
        ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(connectTimeout)
    }

    /// A connection to 127.0.0.1:`port` that speaks HTTP/1.1 as a client.
    static func connect(port: Int) async throws -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        try await bootstrap
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
    }

    /// Sends one request on a connection of its own.
    public static func send(
        port: Int,
        _ method: HTTPMethod,
        _ path: String,
        body: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        try await withConnection(port: port) { try await $0.send(method, path, body: body, headers: headers) }
    }
}

/// One open connection of ``HTTPTestClient``.
public final class HTTPTestConnection {
    private let port: Int
    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>

    init(
        port: Int,
        inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    ) {
        self.port = port
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends a request and reads its whole answer.
    public func send(
        _ method: HTTPMethod,
        _ path: String,
        body: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
        if let body {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.utf8.count))
        }
        for (name, value) in headers { head.headers.replaceOrAdd(name: name, value: value) }
        try await outbound.write(.head(head))
        if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body)))) }
        try await outbound.write(.end(nil))

        var answer: HTTPAnswer?
        while let part = try await inbound.next() {
            switch part {
            case .head(let head): answer = HTTPAnswer(status: head.status, headers: head.headers, text: "")
            case .body(let buffer): answer?.text += String(buffer: buffer)
            case .end:
                guard let answer else { throw HTTPTestClientError("an answer ended before its head") }
                return answer
            }
        }
        throw HTTPTestClientError("the server closed the connection before answering \(method) \(path)")
    }
}

/// A broken exchange.
public struct HTTPTestClientError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

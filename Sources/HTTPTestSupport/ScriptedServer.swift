import NIOCore
import NIOPosix

/// A TCP server on a free port of 127.0.0.1 that serves each connection as a test's script says:
/// to answer garbage, close in the middle of an answer, or pass requests on to a real server
/// and lose an answer on the way back.
///
/// ```swift
/// try await ScriptedServer.with({ connection, index in
///     _ = try await connection.readMessage(isRequest: true)
///     try await connection.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nxyz".utf8))
/// }) { port in … }
/// ```
public enum ScriptedServer {
    /// Runs `body` with the port of a server whose connections `script` serves, given each
    /// connection and its number (0 for the first). A connection closes when `script` returns.
    public static func with<Result: Sendable>(
        _ script: @escaping @Sendable (RawHTTPConnection, Int) async throws -> Void,
        _ body: (Int) async throws -> Result
    ) async throws -> Result {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else {
            throw HTTPTestClientError("the scripted server has no port")
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        var index = 0
                        for try await channel in inbound {
                            let number = index
                            index += 1
                            connections.addTask {
                                try? await channel.executeThenClose { inbound, outbound in
                                    let connection = RawHTTPConnection(
                                        inbound: inbound.makeAsyncIterator(),
                                        outbound: outbound,
                                        channel: channel.channel
                                    )
                                    try await script(connection, number)
                                }
                            }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body(port)
        }
    }

    /// Passes the requests of `connection` on to 127.0.0.1:`port` and their answers back, until
    /// either side closes, leaving out the answers `dropsAnswer` picks (by the request's number
    /// on the connection): then the connection closes instead.
    public static func forward(
        _ connection: RawHTTPConnection,
        to port: Int,
        dropsAnswer: @Sendable (Int) -> Bool = { _ in false }
    ) async throws {
        try await RawHTTPConnection.withConnection(port: port) { upstream in
            var number = 0
            while let request = try await connection.readMessage(isRequest: true) {
                try await upstream.write(request.bytes)
                guard let answer = try await upstream.readMessage() else { return }
                if dropsAnswer(number) { return }
                try await connection.write(answer.bytes)
                number += 1
            }
        }
    }

    /// Passes one request of `connection` (a stream, such as Server-Sent Events) on to
    /// 127.0.0.1:`port`, and the answer's bytes back as they come, until `cutsAfter` bytes have
    /// passed (then both connections close) or the server ends the answer.
    public static func relayStream(_ connection: RawHTTPConnection, to port: Int, cutsAfter limit: Int) async throws {
        guard let request = try await connection.readMessage(isRequest: true) else { return }
        try await RawHTTPConnection.withConnection(port: port) { upstream in
            try await upstream.write(request.bytes)
            var passed = 0
            while passed < limit, let chunk = try await upstream.readChunk() {
                let part = Array(chunk.prefix(limit - passed))
                try await connection.write(part)
                passed += part.count
            }
        }
    }
}

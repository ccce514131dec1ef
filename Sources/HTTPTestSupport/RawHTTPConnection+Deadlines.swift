import NIOCore

extension RawHTTPConnection {
    /// Reads and drops whatever the server sends until it closes the connection, for at most
    /// `limit`.
    /// - Throws: ``HTTPTestClientError`` when the connection is still open after `limit`.
    public func waitUntilClosed(within limit: Duration) async throws {
        try await withDeadline(limit, "the server kept the connection open") { try await self.waitUntilClosed() }
    }

    /// Reads one answer (see ``readAnswer()``), for at most `limit`.
    /// - Throws: ``HTTPTestClientError`` when no answer and no close came within `limit`.
    public func readAnswer(within limit: Duration) async throws -> RawHTTPAnswer? {
        try await withDeadline(limit, "the server neither answered nor closed the connection") {
            try await self.readAnswer()
        }
    }

    /// Writes `head`, then `body` one byte every `interval`, while reading the answer; the
    /// writing stops when the answer comes or the server closes the connection.
    /// - Returns: The answer, or `nil` if the server closed the connection without one.
    /// - Throws: ``HTTPTestClientError`` when neither came within `limit`.
    public func trickle(
        after head: [UInt8],
        body: [UInt8],
        every interval: Duration,
        within limit: Duration
    ) async throws -> RawHTTPAnswer? {
        try await write(head)
        let outbound = self.outbound
        return try await withDeadline(limit, "the server neither answered nor closed the connection") {
            try await trickle(body, every: interval, through: outbound)
        }
    }

    private func trickle(
        _ body: [UInt8],
        every interval: Duration,
        through outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> RawHTTPAnswer? {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for byte in body {
                    do {
                        try await Task.sleep(for: interval)
                        try await outbound.write(ByteBuffer(bytes: [byte]))
                    } catch {
                        return  // cancelled once the answer came, or the server closed the connection
                    }
                }
            }
            let answer = try await readAnswer()
            group.cancelAll()
            return answer
        }
    }

    /// Runs `body`; if it has not returned after `limit`, closes the connection (which ends any
    /// read) and throws.
    private func withDeadline<Result>(
        _ limit: Duration,
        _ failure: String,
        _ body: () async throws -> Result
    ) async throws -> Result {
        let channel = self.channel
        let expiry = channel.eventLoop.scheduleTask(in: TimeAmount(limit)) { channel.close(promise: nil) }
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await body())
        } catch {
            outcome = .failure(error)
        }
        expiry.cancel()
        let expired: Bool
        do {
            try await expiry.futureResult.get()
            expired = true
        } catch {
            expired = false  // cancelled in time: `body` returned first
        }
        if expired { throw HTTPTestClientError("\(failure) for more than \(limit)") }
        return try outcome.get()
    }
}

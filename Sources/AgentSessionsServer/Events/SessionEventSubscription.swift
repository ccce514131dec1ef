import NIOCore

/// One event stream's place in a ``SessionEventSource``: what it receives, in order; it leaves
/// the source when it goes away.
final class SessionEventSubscription: Sendable {
    /// What the stream receives: where it starts, then each change.
    let deliveries: AsyncStream<SessionEventDelivery>
    private let source: SessionEventSource
    private let id: Int

    init(deliveries: AsyncStream<SessionEventDelivery>, source: SessionEventSource, id: Int) {
        self.deliveries = deliveries
        self.source = source
        self.id = id
    }

    /// Whether the deliveries ended because the stream fell too far behind (it should join
    /// again and catch up), not because the source ended.
    var isOverflowed: Bool { source.wasDropped(id) }

    /// Keeps the encoded `session` event of a snapshot for the streams that open after it.
    func keep(sessionEvent: ByteBuffer, of version: Int64) {
        source.keep(sessionEvent: sessionEvent, of: version)
    }

    deinit {
        source.leave(id)
    }
}

import AgentSessions
import NIOCore

/// Where a session's event streams stand after the shared feed's last change: the session as
/// it read it, the last item it sent.
struct SessionEventSnapshot: Sendable {
    /// The session.
    var session: Session
    /// The last item sent to the streams.
    var lastSequence: Int64
    /// The `session` event of ``session``, encoded once for every stream that opens here;
    /// `nil` until a stream needs it.
    var sessionEvent: ByteBuffer?
}

/// The events of one change, encoded once and written to every stream of the session.
struct SessionEventFrame: Sendable {
    /// The events as they go on the wire.
    var bytes: ByteBuffer
    /// The session after the change.
    var session: Session
    /// The last item sent after the change.
    var lastSequence: Int64
    /// Whether the session is gone: the streams end after this frame.
    var isFinal: Bool
}

/// What a stream of a ``SessionEventSource`` receives.
enum SessionEventDelivery: Sendable {
    /// Where the stream starts (first, and only once): it reads the items before from the store.
    case opened(SessionEventSnapshot)
    /// The events of a change.
    case frame(SessionEventFrame)
    /// The session could not be read when the source opened (it does not exist, or the store failed).
    case failed(any Error)
}

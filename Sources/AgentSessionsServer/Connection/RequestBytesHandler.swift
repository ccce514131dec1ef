import NIOCore

/// Tells ``HTTPConnectionGuard`` when bytes come from the client, before the HTTP decoder
/// turns them into requests: a head that arrives a byte at a time is then timed from its first
/// byte, though the decoder shows nothing of it until it is whole.
///
/// It is the first handler of the pipeline, before the HTTP decoder
/// (``GuardedHTTP1Channel``); the notice travels as a user event through the decoder.
final class RequestBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The user event sent before each read's bytes.
    struct BytesArrived {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesArrived())
        context.fireChannelRead(data)
    }
}

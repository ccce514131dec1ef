import AgentSessions
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request that is not valid HTTP/1.1 (a raw byte no path may hold, a broken header
/// line) with the API's JSON error shape, ``APIError/malformedRequest`` (400), then closes the
/// connection, as nothing after such a request can be trusted to be framed right.
///
/// Hummingbird answers these on its own with an empty 400; this handler sits in the channel
/// pipeline right after HTTP decoding (`HTTP1Channel.Configuration.additionalChannelHandlers`),
/// where the parser's error passes before it reaches Hummingbird.
final class MalformedRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let body = ByteBuffer(string: APIError.malformedRequest.body.jsonText + "\n")
        let head = HTTPResponse(
            status: .badRequest,
            headerFields: [
                .contentType: "application/json; charset=utf-8",
                .contentLength: String(body.readableBytes),
                .connection: "close",
            ]
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }
}

import AgentSessions
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Keeps one HTTP/1.1 connection within bounds: requests are answered in order, a malformed
/// one with the API's JSON 400 after the answers of the requests before it; a request that
/// takes longer than the request timeout to arrive is answered 408; after any of these, or an
/// answer that says `Connection: close` (such as a 413), the connection closes at once.
///
/// It sits in the channel pipeline right after HTTP decoding
/// (`HTTP1Channel.Configuration.additionalChannelHandlers`), where the parser's errors pass
/// before they reach Hummingbird (which would answer an empty 400 at once, dropping the answers
/// still owed). ``RequestBytesHandler``, first in the pipeline, tells it when bytes come, so
/// that the request timeout covers a head that is still arriving.
///
/// Closing writes the end of the connection (the client reads the answer, then the end) and
/// drops what the client still sends; the connection is closed whole when the client closes
/// its side or after ``lingerTime``, so that the answer is not lost to a reset while a body is
/// still coming in.
final class HTTPConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a closing connection keeps reading (and dropping) what the client sends.
    static let lingerTime = TimeAmount.seconds(2)

    private let requestTimeout: TimeAmount
    private var state = StateMachine()
    private var deadline: Scheduled<Void>?
    private var linger: Scheduled<Void>?

    /// - Parameter requestTimeout: How long a client may take to send one request.
    init(requestTimeout: TimeAmount) {
        self.requestTimeout = requestTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A closing connection drops what comes.
        guard !state.isClosing else { return }
        let action =
            switch unwrapInboundIn(data) {
            case .head(let head): state.requestHeadRead(closesConnection: head.headerFields.saysClose)
            case .body: StateMachine.Action.none
            case .end: state.requestEndRead()
            }
        context.fireChannelRead(data)
        perform(action, context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesHandler.BytesArrived else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if !state.isClosing { perform(state.bytesArrived(), context: context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            perform(state.parseFailed(), context: context)
        } else if !state.isClosing {
            context.fireErrorCaught(error)
        }
        // Else the decoder refusing bytes after its error, or a failed write while closing:
        // the connection is ending anyway.
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            let action = state.answerHeadWritten(closesConnection: head.headerFields.saysClose)
            context.write(data, promise: promise)
            perform(action, context: context)
        case .body:
            context.write(data, promise: promise)
        case .end:
            context.write(data, promise: promise)
            perform(state.answerEndWritten(), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
    }

    private func perform(_ action: StateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .startDeadline:
            deadline?.cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: requestTimeout) {
                self.deadline = nil
                self.perform(self.state.deadlinePassed(), context: context)
            }
        case .cancelDeadline:
            deadline?.cancel()
            deadline = nil
        case .answer(let failure):
            write(failure.error, context: context)
            close(context: context)
        case .close:
            close(context: context)
        }
    }

    /// Writes an error answer that closes the connection.
    private func write(_ error: APIError, context: ChannelHandlerContext) {
        let body = ByteBuffer(string: error.body.jsonText + "\n")
        let head = HTTPResponse(
            status: error.status,
            headerFields: [
                .contentType: "application/json; charset=utf-8",
                .contentLength: String(body.readableBytes),
                .connection: "close",
            ]
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Sends what is written and the end of the connection, then closes it whole when the
    /// client closes its side or after ``lingerTime``.
    private func close(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.flush()
        context.close(mode: .output, promise: nil)
        guard linger == nil else { return }
        linger = context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerTime) {
            self.linger = nil
            context.close(promise: nil)
        }
    }

    private func cancelTimers() {
        deadline?.cancel()
        deadline = nil
        linger?.cancel()
        linger = nil
    }
}

extension HTTPConnectionGuard.Failure {
    /// The answer of the failure.
    var error: APIError {
        switch self {
        case .malformed: .malformedRequest
        case .timedOut: .requestTimeout
        }
    }
}

extension HTTPFields {
    /// Whether the fields say `Connection: close`.
    fileprivate var saysClose: Bool {
        self[values: .connection].contains { value in
            value.split(separator: ",").contains { $0.lowercased().filter { $0 != " " && $0 != "\t" } == "close" }
        }
    }
}

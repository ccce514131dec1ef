import HummingbirdCore
import NIOCore

extension ServerConfiguration {
    /// The HTTP/1.1 server this configuration describes: it closes a connection that stays
    /// silent for ``idleTimeout``, such as a client that sent half a body and stalled, and one
    /// whose request takes longer than ``requestTimeout`` to arrive; it answers a request that
    /// is not valid HTTP with the API's JSON error shape, after the requests before it, and
    /// closes a connection after an answer that says `Connection: close` (``HTTPConnectionGuard``).
    var httpServer: HTTPServerBuilder {
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [HTTPConnectionGuard(requestTimeout: TimeAmount(requestTimeout))],
            idleTimeout: TimeAmount(idleTimeout)
        )
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}

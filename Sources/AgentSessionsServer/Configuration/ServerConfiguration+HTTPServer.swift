import HummingbirdCore
import NIOCore

extension ServerConfiguration {
    /// The HTTP/1.1 server this configuration describes: it closes a connection that stays
    /// silent for ``idleTimeout``, such as a client that sent half a body and stalled, and
    /// answers a request that is not valid HTTP with the API's JSON error shape.
    var httpServer: HTTPServerBuilder {
        .http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [MalformedRequestHandler()],
                idleTimeout: TimeAmount(idleTimeout)
            )
        )
    }
}

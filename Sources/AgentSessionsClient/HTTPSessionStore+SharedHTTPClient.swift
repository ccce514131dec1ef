public import AsyncHTTPClient
import NIOCore

extension HTTPSessionStore {
    /// The HTTP client of every store whose configuration names no other: one per process,
    /// never shut down, like `HTTPClient.shared`, with two differences.
    ///
    /// - A connection that cannot be made fails the calls waiting for it at once, so that the
    ///   store's own retries (``Configuration/retries``) decide what happens next. With
    ///   `HTTPClient.shared`, AsyncHTTPClient tries to connect again and again until the
    ///   call's deadline, and a server that is down took the whole timeout to report.
    /// - Waiting for a free connection, and connecting, are bounded by each call's own timeout
    ///   (``Configuration/timeout``), up to an hour, not by a client-wide limit.
    ///   AsyncHTTPClient ends a call that waited for a connection longer than its connect
    ///   timeout, and a thousand calls at once on a busy machine waited longer than the 10
    ///   seconds that would otherwise apply.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .hours(1)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}

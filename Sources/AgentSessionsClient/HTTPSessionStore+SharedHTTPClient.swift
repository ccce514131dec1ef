public import AsyncHTTPClient
import NIOCore

extension HTTPSessionStore {
    /// The HTTP client of every store whose configuration names no other: one per process,
    /// never shut down, like `HTTPClient.shared`, except that a connection that cannot be made
    /// fails the attempt at once, so that the store's own retries (``Configuration/retries``)
    /// decide what happens next. With `HTTPClient.shared`, AsyncHTTPClient tries to connect
    /// again and again until the call's deadline, and a server that is down took the whole
    /// timeout to report.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}

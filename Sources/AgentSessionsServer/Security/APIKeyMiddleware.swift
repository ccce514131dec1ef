import AgentSessions
import HTTPTypes
import Hummingbird
import Logging

/// Authenticates a request by its API key and scopes it to the key's app.
///
/// The key comes from `Authorization: Bearer KEY` or `X-API-Key: KEY`. A missing or unknown
/// key is answered 401, each with its own message. In open mode (no keys) every request passes and works on the app it
/// names.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = SessionRequestContext

    /// The header `X-API-Key`.
    static let apiKeyField = HTTPField.Name("X-API-Key")!

    let keys: APIKeyRing

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !keys.isEmpty else { return try await next(request, context) }
        guard let key = Self.presentedKey(in: request) else { throw APIError.unauthenticated }
        guard let app = keys.app(forKey: key) else { throw APIError.unknownKey }
        var context = context
        context.keyApp = app
        context.logger[metadataKey: LogKeys.app] = "\(app)"
        return try await next(request, context)
    }

    /// The key a request presents, if any.
    static func presentedKey(in request: Request) -> String? {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return request.headers[apiKeyField]
    }
}

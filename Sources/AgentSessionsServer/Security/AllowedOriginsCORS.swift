import HTTPTypes
import Hummingbird

/// Answers browsers' cross-origin requests, preflights included, for the configured origins
/// only (Hummingbird's `CORSMiddleware`, applied when the request's `Origin` is one of them);
/// a request from any other origin gets no CORS header, so the browser refuses the answer.
///
/// The headers a page may read (`ETag`, `Location`, …) are named on every answer, where
/// browsers look for them; Hummingbird's middleware names them on preflights only.
struct AllowedOriginsCORS<Context: RequestContext>: RouterMiddleware {
    /// The origins, such as `https://app.example.com`.
    let origins: Set<String>
    private let cors = CORSMiddleware<Context>(
        allowOrigin: .originBased,
        allowHeaders: [
            .accept, .authorization, .contentType, .origin, .ifMatch, HTTPField.Name("X-API-Key")!,
            HTTPField.Name("Idempotency-Key")!, HTTPField.Name("Last-Event-ID")!, HTTPField.Name("X-Request-Id")!,
        ],
        allowMethods: [.get, .head, .post, .put, .patch, .delete, .options],
        maxAge: .seconds(600)
    )
    /// The answer headers a page may read.
    private static var exposedHeaders: String { "ETag, Location, X-Request-Id, Idempotent-Replayed, Retry-After" }

    init(origins: [String]) {
        self.origins = Set(origins)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let origin = request.headers[.origin], origins.contains(origin) else {
            return try await next(request, context)
        }
        var response = try await cors.handle(request, context: context, next: next)
        if request.method != .options { response.headers[.accessControlExposeHeaders] = Self.exposedHeaders }
        return response
    }
}

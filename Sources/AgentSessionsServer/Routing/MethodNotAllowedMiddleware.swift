import HTTPTypes
import Hummingbird

/// Answers 405 with an `Allow` header to a request whose path has routes, but none for its
/// method (`PUT /v1/sessions/x`, `TRACE /healthz`), instead of the 404 of an unknown path.
///
/// Added to the router after every route, it runs only in front of the router's not-found
/// answer. `HEAD` is allowed wherever `GET` is (the router answers it, without the body). As in
/// the router, a pattern's fixed segment wins over a parameter: `/v1/sessions/count` has the
/// methods of its own route, not those of `/v1/sessions/{id}`.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes' path patterns, split into segments (`{id}` matches any one segment), with
    /// their methods.
    private let routes: [(segments: [Substring], methods: Set<HTTPRequest.Method>)]

    /// - Parameter routes: Every route of the router, as `(path pattern, method)`.
    init(routes: [(path: String, method: HTTPRequest.Method)]) {
        var methods: [String: Set<HTTPRequest.Method>] = [:]
        for route in routes {
            methods[route.path, default: []].insert(route.method)
            if route.method == .get { methods[route.path, default: []].insert(.head) }
        }
        self.routes = methods.sorted { $0.key < $1.key }.map { ($0.key.split(separator: "/"), $0.value) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let segments = request.uri.path.split(separator: "/")
        let matching = routes.filter { Self.matches($0.segments, segments) }
        let mostFixed = matching.map { Self.fixedCount($0.segments) }.max()
        let allowed = matching.filter { Self.fixedCount($0.segments) == mostFixed }.reduce(into: Set()) {
            $0.formUnion($1.methods)
        }
        guard !allowed.isEmpty, !allowed.contains(request.method) else { return try await next(request, context) }
        let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        throw APIError(
            .methodNotAllowed,
            code: "method_not_allowed",
            "\(request.method.rawValue) is not a method of \(request.uri.path); use \(list)",
            headers: [.allow: list]
        )
    }

    /// How many of a pattern's segments are fixed text rather than parameters.
    private static func fixedCount(_ pattern: [Substring]) -> Int {
        pattern.count { !isParameter($0) }
    }

    private static func isParameter(_ segment: Substring) -> Bool {
        segment.hasPrefix("{") || segment.hasPrefix(":")
    }

    /// Whether a path's segments fit a route pattern's.
    private static func matches(_ pattern: [Substring], _ segments: [Substring]) -> Bool {
        pattern.count == segments.count
            && zip(pattern, segments).allSatisfy { isParameter($0) || $0 == $1 }
    }
}

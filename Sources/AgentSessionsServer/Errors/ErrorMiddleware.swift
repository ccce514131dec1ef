import AgentSessions
import Hummingbird
import Logging

/// Turns every failure into the API's JSON error shape: Hummingbird's own errors (unknown
/// route, body too large) get a code, and anything unexpected becomes a 500 whose details are
/// only logged, never sent.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as SessionStoreError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try Self.translate(error.status).response(from: request, context: context)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.info(
                "Unexpected failure",
                metadata: [LogKeys.error: "\(String(reflecting: error))"]
            )
            return try APIError.internalFailure.response(from: request, context: context)
        }
    }

    /// The API error for a status Hummingbird answered on its own.
    private static func translate(_ status: HTTPResponse.Status) -> APIError {
        switch status {
        case .notFound: .noRoute
        case .contentTooLarge: .bodyTooLarge(limit: nil)
        case .badRequest: APIError(status, code: "bad_request", "the request is malformed")
        default: APIError(status, code: "http_\(status.code)", status.reasonPhrase)
        }
    }
}

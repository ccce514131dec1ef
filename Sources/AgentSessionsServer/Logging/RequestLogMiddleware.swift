import Hummingbird
import Logging

/// Logs one line per request at info level, once it is answered: the method, the route (its
/// pattern, such as `/v1/sessions/{id}`, so that lines group by route), the status and the
/// duration in milliseconds. The request's id comes with the logger's metadata.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var status: HTTPResponse.Status = .internalServerError
        defer {
            let elapsed = ContinuousClock.now - start
            context.logger.info(
                "request",
                metadata: [
                    RequestLogKeys.method: "\(request.method.rawValue)",
                    RequestLogKeys.route: "\(context.endpointPath ?? "-")",
                    RequestLogKeys.status: "\(status.code)",
                    RequestLogKeys.durationMilliseconds: "\(Self.milliseconds(elapsed))",
                ]
            )
        }
        do {
            let response = try await next(request, context)
            status = response.status
            return response
        } catch let error as any HTTPResponseError {
            status = error.status
            throw error
        }
    }

    /// A duration in milliseconds, to the microsecond.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let whole = micros / 1000
        let fraction = String(micros % 1000)
        return "\(whole)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

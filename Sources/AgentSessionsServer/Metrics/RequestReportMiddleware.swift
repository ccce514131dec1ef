import CoreMetrics
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Reports every request once it is answered: counts and times it by method, route pattern and
/// status, and logs one line at info level with the same fields and the duration in
/// milliseconds (the request's id comes with the logger's metadata). The time runs until the
/// answer is ready to be sent (for an event stream: until it opens).
///
/// The route is the pattern that matched (`/v1/sessions/{id}`), never the path itself, so the
/// number of series stays bounded; requests that match no route count as `NotFound`, as Hummingbird names them.
struct RequestReportMiddleware<Context: RequestContext>: RouterMiddleware {
    private let series: RequestSeries

    init(factory: any MetricsFactory) {
        series = RequestSeries(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            report(request, context, response.status, after: .now - start)
            return response
        } catch {
            report(
                request,
                context,
                (error as? any HTTPResponseError)?.status ?? .internalServerError,
                after: .now - start
            )
            throw error
        }
    }

    private func report(_ request: Request, _ context: Context, _ status: HTTPResponse.Status, after duration: Duration)
    {
        let route = context.endpointPath ?? "NotFound"
        series.record(request.method, route, status, after: duration)
        context.logger.info(
            "request",
            metadata: [
                RequestLogKeys.method: "\(request.method.rawValue)",
                RequestLogKeys.route: "\(route)",
                RequestLogKeys.status: "\(status.code)",
                RequestLogKeys.durationMilliseconds: "\(Self.milliseconds(duration))",
            ]
        )
    }

    /// A duration in milliseconds, to the microsecond.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// The counter and timer of each (method, route, status), made once.
private final class RequestSeries: Sendable {
    private struct Key: Hashable {
        var method: HTTPRequest.Method
        var route: String
        var status: Int
    }

    private let factory: any MetricsFactory
    private let metrics = Mutex<[Key: (Counter, Timer)]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func record(_ method: HTTPRequest.Method, _ route: String, _ status: HTTPResponse.Status, after duration: Duration)
    {
        let key = Key(method: method, route: route, status: status.code)
        let (counter, timer) = metrics.withLock { metrics in
            if let known = metrics[key] { return known }
            let dimensions = [("method", key.method.rawValue), ("route", key.route), ("status", String(key.status))]
            let made = (
                Counter(label: MetricNames.requests, dimensions: dimensions, factory: factory),
                Timer(label: MetricNames.requestDuration, dimensions: dimensions, factory: factory)
            )
            metrics[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(duration.nanoseconds)
    }
}

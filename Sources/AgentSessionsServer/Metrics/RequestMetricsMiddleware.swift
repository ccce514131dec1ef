import CoreMetrics
import HTTPTypes
import Hummingbird
import Synchronization

/// Counts and times every request by method, route pattern and status. The time runs until
/// the answer is ready to be sent (for an event stream: until it opens).
///
/// The route is the pattern that matched (`/v1/sessions/{id}`), never the path itself, so the
/// number of series stays bounded; requests that match no route count as `NotFound`, as Hummingbird names them.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
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
            series.record(request.method, context.endpointPath, response.status, after: .now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            series.record(request.method, context.endpointPath, status, after: .now - start)
            throw error
        }
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

    func record(_ method: HTTPRequest.Method, _ route: String?, _ status: HTTPResponse.Status, after duration: Duration)
    {
        let key = Key(method: method, route: route ?? "NotFound", status: status.code)
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

import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Gives every request an id: the caller's `X-Request-Id` when it sent a valid one (1 to 128
/// letters, digits and `-._:`), else a new one. Every log line of the request carries it as
/// `request_id`, and every answer, errors included, carries it back as `X-Request-Id`.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The header field, in requests and answers.
    static var field: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let id = request.headers[Self.field].flatMap { Self.isValid($0) ? $0 : nil } ?? Self.newID()
        var context = context
        context.logger[metadataKey: RequestLogKeys.requestID] = "\(id)"
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.field] = id
        return response
    }

    /// Whether a caller's id can be used as it is (and so logged and echoed safely).
    static func isValid(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                    UInt8(ascii: ":"):
                    true
                default: false
                }
            }
    }

    /// A new id (``RequestIDs/next()``).
    static func newID() -> String { RequestIDs.next() }
}

/// The ids given to requests that bring none: this process's random prefix and a count, so
/// that they are unique across processes without a random draw (a system call) per request.
enum RequestIDs {
    private static let prefix = String(UInt64.random(in: .min ... .max), radix: 16)
    private static let count = Atomic<UInt64>(0)

    /// The next id, such as `3f9c2a7b1e04d5c6-42`.
    static func next() -> String {
        prefix + "-" + String(count.add(1, ordering: .relaxed).newValue)
    }
}

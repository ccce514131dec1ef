import Foundation
import HTTPTypes
import Hummingbird
import Logging

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

    /// A new id: a random UUID in lowercase.
    static func newID() -> String { UUID().uuidString.lowercased() }
}

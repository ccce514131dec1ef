public import AgentSessions
public import Hummingbird
import Logging

/// The one place that maps a store failure to an HTTP status.
///
/// | code | status |
/// |---|---|
/// | `not_found` | 404 |
/// | `already_exists`, `finalized` | 409 |
/// | `version_conflict` | 412 (a stale `If-Match`) |
/// | `invalid_argument` | 422 |
/// | `unavailable`, `incompatible_schema` | 503 |
/// | `corrupted` | 500 |
///
/// The body is `{"error": {"code", "message", "field"}}`. For 5xx answers the message is a
/// fixed text: the store's own message (which may name a file) is only logged.
extension SessionStoreError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .alreadyExists, .finalized: .conflict
        case .versionConflict: .preconditionFailed
        case .invalidArgument: .unprocessableContent
        case .unavailable, .incompatibleSchema: .serviceUnavailable
        default: .internalServerError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let status = self.status
        guard status.code < 500 else {
            context.logger.info("Store failure", metadata: [LogKeys.error: "\(debugDescription)"])
            let message =
                status == .serviceUnavailable
                ? "the session storage is unavailable; try again later" : "stored data could not be read"
            return try APIError(status, code: code.description, message).response(from: request, context: context)
        }
        return try APIError(status, code: code.description, message, field: field)
            .response(from: request, context: context)
    }
}

package import AgentSessions
public import Hummingbird

/// An error answer of the HTTP API: a status and the body
/// `{"error": {"code": …, "message": …, "field": …}}`.
///
/// Store failures are answered through ``AgentSessions/SessionStoreError``'s conformance to
/// `HTTPResponseError`; this type covers what the HTTP layer itself refuses (malformed JSON, a
/// body over the limit, a missing API key, a reused idempotency key…).
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable snake_case code, such as `malformed_json`.
    public var code: String
    /// What is wrong and what to do about it.
    public var message: String
    /// The request field the error is about, if any.
    public var field: String?
    /// Extra response headers, such as `WWW-Authenticate`.
    public var headers: HTTPFields

    /// Creates an error answer.
    public init(
        _ status: HTTPResponse.Status,
        code: String,
        _ message: String,
        field: String? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(body, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension APIError {
    /// The answer's body: `{"error": {"code": …, "message": …, "field": …}}`.
    var body: JSONValue {
        ["error": ["code": .string(code), "message": .string(message), "field": field.map { .string($0) } ?? .null]]
    }

    /// 400: the request is not valid HTTP/1.1, such as a byte that no path may hold; the
    /// connection is closed after the answer.
    static let malformedRequest = APIError(
        .badRequest,
        code: "malformed_request",
        "the request is not valid HTTP/1.1 (a path or query must be ASCII, with other bytes percent-encoded); "
            + "fix the request line or headers"
    )

    /// 400: the body is not valid JSON.
    /// - Parameter problem: What is wrong, such as "body is not valid JSON: … at byte 7".
    static func malformedJSON(_ problem: String) -> APIError {
        APIError(.badRequest, code: "malformed_json", "the request \(problem)", field: "body")
    }

    /// 408: the client took longer than the request timeout to send its request; the
    /// connection is closed after the answer.
    static let requestTimeout = APIError(
        .requestTimeout,
        code: "request_timeout",
        "the request took too long to arrive; send the whole request (head and body) within the server's "
            + "request timeout"
    )

    /// 413: the body is larger than the configured limit. The answer closes the connection
    /// (`Connection: close`), so that the rest of the body is never read.
    static func bodyTooLarge(limit: Int?) -> APIError {
        APIError(
            .contentTooLarge,
            code: "body_too_large",
            limit.map { "the request body is larger than \($0) bytes; send less, or raise the server's body limit" }
                ?? "the request body is too large",
            field: "body",
            headers: [.connection: "close"]
        )
    }

    /// 422: a field has the wrong type or value.
    package static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, code: "invalid_argument", message, field: field)
    }

    /// 401: no API key, or an unknown one.
    static let unauthenticated = APIError(
        .unauthorized,
        code: "unauthenticated",
        "this server needs an API key: send it as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'",
        headers: [.wwwAuthenticate: "Bearer"]
    )

    /// 401: the request sent a key, and it is none of the server's keys.
    static let unknownKey = APIError(
        .unauthorized,
        code: "unauthenticated",
        "the API key sent is not one of this server's keys; check it, or ask for one",
        headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""]
    )

    /// 404: no route for that path and method.
    static let noRoute = APIError(
        .notFound,
        code: "not_found",
        "no such route; the API is described at /openapi.yaml"
    )

    /// 503: the server is shutting down and starts nothing new.
    static let shuttingDown = APIError(
        .serviceUnavailable,
        code: "shutting_down",
        "the server is shutting down; try again in a moment (another server may answer)"
    )

    /// 500: an unexpected failure; the details are only logged.
    static let internalFailure = APIError(
        .internalServerError,
        code: "internal",
        "the server failed unexpectedly; the failure was logged, try again"
    )
}

extension APIError {
    /// The answer to a compaction that does not reach past the session's latest one: 409
    /// `version_conflict` (no `If-Match` was sent, so not 412).
    package static func compactionConflict(_ error: SessionStoreError) -> APIError {
        APIError(.conflict, code: "version_conflict", error.message, field: error.field)
    }
}

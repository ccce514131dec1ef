import AgentSessions
import Hummingbird

extension Response {
    /// A JSON answer: compact text with sorted keys and a final line break, `application/json`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(text: value.jsonText, status: status, headers: headers)
    }

    /// A JSON answer from JSON text, with a final line break.
    static func json(text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        var body = ByteBuffer()
        body.reserveCapacity(text.utf8.count + 1)
        body.writeString(text)
        body.writeInteger(UInt8(ascii: "\n"))
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    /// A session answer with its version as `ETag`.
    static func session(_ session: Session, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.eTag] = ETag.make(session.version)
        return .json(session.jsonValue, status: status, headers: fields)
    }
}

/// Versions as entity tags: `"3"` for version 3.
enum ETag {
    /// The entity tag of a version.
    static func make(_ version: Int64) -> String { "\"\(version)\"" }

    /// The version an `If-Match` header asks for, or `nil` when there is none.
    ///
    /// Accepts `3`, `"3"` and `W/"3"`: any 64-bit integer, as the API document says, so that
    /// every version a library caller can expect can be asked for (a version the session does
    /// not have, such as 0 or -1, is 412).
    /// - Throws: ``APIError`` (422) for anything else, such as `*`, a `+` or a list.
    static func expectedVersion(in request: Request) throws -> Int64? {
        guard let header = request.headers[.ifMatch] else { return nil }
        var text = Substring(header)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
        let digits = text.hasPrefix("-") ? text.dropFirst() : text
        guard (1...19).contains(digits.utf8.count),
            digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let version = Int64(text)
        else {
            throw APIError.invalid(
                "If-Match",
                "If-Match must be one session version, such as \"3\" (the ETag you read)"
            )
        }
        return version
    }
}

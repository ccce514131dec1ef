package import AgentSessions
import Hummingbird

/// A request's body read as one JSON object, with the raw bytes kept for idempotency checks.
package struct RequestJSON: Sendable {
    /// The body's bytes, as sent.
    var bytes: [UInt8]
    /// The body's text, as sent; empty for a body of no bytes.
    var text: String
    /// The body as an object; empty for a body of no bytes.
    package var object: JSONObject

    /// Reads and parses a request's body.
    /// - Parameters:
    ///   - request: The request.
    ///   - limit: The largest body accepted, in bytes.
    /// A body whose `Content-Length` is over the limit is refused before any of it is read; one
    /// without a length (chunked) is refused as soon as the bytes read pass the limit. Either way
    /// it is never held whole in memory.
    /// - Throws: ``APIError``: 413 over the limit, 400 for malformed JSON, 422 for JSON that is
    ///   not an object.
    init(_ request: Request, limit: Int) async throws {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.bodyTooLarge(limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: limit)
        }
        self.bytes = Array(buffer.readableBytesView)
        // Only a body of no bytes is "no body": blanks alone are not JSON, so they are 400.
        guard !bytes.isEmpty else {
            self.object = [:]
            self.text = ""
            return
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError.malformedJSON("body is not UTF-8 text")
        }
        self.text = text
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, field: "body")
        } catch {
            throw APIError.malformedJSON(error.message)
        }
        guard case .object(let object) = value else {
            throw APIError.invalid("body", "the request body must be a JSON object ({…})")
        }
        self.object = object
    }
}

extension RequestJSON {
    /// The exact text of a member of a JSON object text, so that item content is stored byte
    /// for byte as it was sent.
    /// - Throws: ``APIError`` (400) if the text is not a JSON object.
    static func memberText(_ key: String, of objectText: String) throws -> String? {
        do {
            return try JSONParser.memberTexts(ofObject: objectText).first { $0.key == key }?.text
        } catch {
            throw APIError.malformedJSON("body is not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
    }

    /// The exact text of each element of a JSON array text.
    /// - Throws: ``APIError`` (400) if the text is not a JSON array.
    static func elementTexts(of arrayText: String) throws -> [String] {
        do {
            return try JSONParser.elementTexts(ofArray: arrayText)
        } catch {
            throw APIError.malformedJSON("body is not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
    }
}

package import AgentSessions
import AgentSessionsIdempotency
import Crypto
package import HTTPTypes
package import Hummingbird
import Logging

/// Runs a creating request at most once per `Idempotency-Key` and app, replaying the first
/// answer to retries.
package struct IdempotencyGuard: Sendable {
    /// The request header `Idempotency-Key`.
    static let keyField = HTTPField.Name("Idempotency-Key")!
    /// The answer header `Idempotent-Replayed: true`, set on replayed answers.
    static let replayedField = HTTPField.Name("Idempotent-Replayed")!

    let store: any IdempotencyStore
    let clock: any WallClock

    /// Answers a request: replays the stored answer of its key, refuses a reused key, or does
    /// the work and keeps its answer when it succeeds.
    ///
    /// Once the work succeeded its answer is sent even if it cannot be recorded (the failure is
    /// logged): the claim then blocks the key until the claim timeout, after which a retry
    /// runs the work again. A failed work's claim is released; if that fails too, the claim
    /// blocks its key until the timeout the same way.
    /// - Throws: ``APIError``: 422 for a malformed key or a key reused with another request,
    ///   409 while the same request is still running; ``SessionStoreError`` when the records
    ///   cannot be read (503); what `work` throws.
    package func run(
        _ request: Request,
        context: SessionRequestContext,
        app: String,
        body: RequestJSON,
        _ work: () async throws -> APIAnswer
    ) async throws -> Response {
        guard let value = request.headers[Self.keyField] else { return Response(try await work()) }
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 255 visible ASCII characters")
        }
        let key = IdempotencyKey(app: app, value: value)
        switch try await store.begin(key, fingerprint: Self.fingerprint(request, body: body), now: clock.now()) {
        case .replay(let stored):
            var response = Response(stored)
            response.headers[Self.replayedField] = "true"
            return response
        case .mismatch:
            throw APIError(
                .unprocessableContent,
                code: "idempotency_key_reused",
                "this Idempotency-Key was used for a different request; use a new key for a new request",
                field: "Idempotency-Key"
            )
        case .inProgress:
            throw APIError(
                .conflict,
                code: "request_in_progress",
                "a request with this Idempotency-Key is still running; retry in a moment",
                field: "Idempotency-Key"
            )
        case .proceed:
            let answer: APIAnswer
            do {
                answer = try await work()
            } catch {
                await Self.settle(
                    "Idempotency-Key claim not released; the key waits for the claim timeout",
                    key,
                    context.logger
                ) { [store] in try await store.abandon(key) }
                throw error
            }
            let stored = answer.stored
            await Self.settle(
                "Idempotency-Key answer not recorded; the key waits for the claim timeout",
                key,
                context.logger
            ) { [store, clock] in
                try await store.finish(key, response: stored, now: clock.now())
            }
            return Response(answer)
        }
    }

    /// Records how a claimed request ended, logging a failure instead of changing the answer.
    ///
    /// The write runs in a task of its own, so that it completes even when the request's task
    /// is cancelled (its client went away): the work is done, and a retry must find its answer
    /// rather than a claim that blocks the key until the claim timeout, then runs the work again.
    private static func settle(
        _ message: Logger.Message,
        _ key: IdempotencyKey,
        _ logger: Logger,
        _ write: @escaping @Sendable () async throws -> Void
    ) async {
        do {
            try await Task { try await write() }.value
        } catch {
            logger.warning(
                message,
                metadata: [LogKeys.app: "\(key.app)", LogKeys.error: "\(error)"]
            )
        }
    }

    /// A digest of what makes two requests the same: method, path with query, body.
    private static func fingerprint(_ request: Request, body: RequestJSON) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("\(request.method.rawValue) \(request.uri.string)\n".utf8))
        hasher.update(data: body.bytes)
        return hasher.finalize().map { String($0, radix: 16) }.joined(separator: ".")
    }
}

/// A JSON answer before it becomes a `Response`, so that it can be kept for replay.
package struct APIAnswer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    /// The body: compact JSON text, without the final line break.
    var text: String

    package init(_ json: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.init(text: json.jsonText, status: status, headers: headers)
    }

    /// An answer of JSON text written by the caller, such as an item or a compaction whose
    /// content must be returned byte for byte.
    package init(text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.status = status
        self.headers = headers
        self.text = text
    }

    /// A session answer with its version as `ETag`.
    static func session(_ session: Session, status: HTTPResponse.Status = .ok, location: String? = nil) -> APIAnswer {
        var headers: HTTPFields = [.eTag: ETag.make(session.version)]
        if let location { headers[.location] = location }
        return APIAnswer(session.jsonValue, status: status, headers: headers)
    }

    /// The answer as kept by an ``IdempotencyStore``.
    var stored: StoredResponse {
        var kept: [String: String] = [:]
        for field in headers { kept[field.name.canonicalName] = field.value }
        return StoredResponse(status: status.code, headers: kept, body: Array((text + "\n").utf8))
    }
}

extension Response {
    /// The response of an answer.
    init(_ answer: APIAnswer) {
        self = .json(text: answer.text, status: answer.status, headers: answer.headers)
    }

    /// A stored answer, replayed.
    init(_ stored: StoredResponse) {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        for (name, value) in stored.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        self.init(
            status: HTTPResponse.Status(code: stored.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored.body))
        )
    }
}

import AgentSessions
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

import struct Foundation.UUID

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends the API's requests: builds URLs, adds the key, repeats what may be repeated, reads
/// answers and turns error answers into ``SessionStoreError``.
struct APITransport: Sendable {
    /// An answer with a 2xx status.
    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var text: String
    }

    /// Whether a call may be sent again after a connection error or a 503.
    enum Repetition: Sendable {
        /// Never: a change that might have happened.
        case never
        /// A read: sending it again changes nothing.
        case read
        /// A creating call: it carries an `Idempotency-Key`, the same in every attempt.
        case idempotent
    }

    let configuration: HTTPSessionStore.Configuration
    /// The base URL without a trailing slash.
    let base: String

    init(configuration: HTTPSessionStore.Configuration) throws(SessionStoreError) {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("http://") || base.hasPrefix("https://"), base.count > "https://".count - 1 else {
            throw .invalid(
                "base_url",
                "the server's URL must start with http:// or https://, as http://127.0.0.1:8080; got '\(base)'"
            )
        }
        guard configuration.timeout > .zero else {
            throw .invalid("timeout", "the timeout must be above zero, not \(configuration.timeout)")
        }
        guard configuration.maximumAnswerBytes >= 0 else {
            throw .invalid(
                "maximum_answer_bytes",
                "the largest answer must be 0 bytes or more, not \(configuration.maximumAnswerBytes)"
            )
        }
        guard configuration.retries >= 0 else {
            throw .invalid("retries", "retries must be 0 or more, not \(configuration.retries)")
        }
        self.configuration = configuration
        self.base = base
    }

    /// Sends a request and returns its answer.
    /// - Parameters:
    ///   - method: The method.
    ///   - path: The path under the base URL, its segments already encoded (``encoded(_:)``).
    ///   - query: Query parameters, encoded here.
    ///   - body: A JSON body, if any.
    ///   - headers: More header fields.
    ///   - repetition: Whether the call may be sent again.
    /// - Throws: ``SessionStoreError``: the server's error answer as its code; `unavailable` for
    ///   a server that cannot be reached, refuses the key, or answers what this client cannot
    ///   read. `CancellationError` when the task is cancelled.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: String? = nil,
        headers: [(String, String)] = [],
        repetition: Repetition
    ) async throws -> Answer {
        var fields = HTTPHeaders()
        fields.add(name: "Accept", value: "application/json")
        if let key = configuration.apiKey { fields.add(name: "Authorization", value: "Bearer \(key)") }
        if repetition == .idempotent { fields.add(name: "Idempotency-Key", value: UUID().uuidString) }
        fields.add(contentsOf: headers)
        if body != nil { fields.add(name: "Content-Type", value: "application/json") }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(
                url: base + path + Self.queryText(query),
                method: method,
                headers: fields,
                body: body.map { .byteBuffer(ByteBuffer(string: $0)) }
            )
        } catch {
            throw SessionStoreError.invalid(
                "base_url",
                "the server's URL \(base) is not one a request can go to: \(error)"
            )
        }
        // The call as messages name it, made only for a failure.
        func what() -> String { "\(method) \(path)" }
        let deadline = Self.deadline(after: configuration.timeout)
        var attempt = 0
        while true {
            var failure: SessionStoreError
            do {
                let answer = try await once(request, deadline: deadline)
                if (200..<300).contains(answer.status.code) {
                    return Answer(status: answer.status, headers: answer.headers, text: answer.text)
                }
                failure = APIErrorAnswer(status: answer.status, text: answer.text).error(for: what(), server: base)
                guard answer.status == .serviceUnavailable else { throw failure }
            } catch let error as SessionStoreError {
                throw error
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                failure = SessionStoreError(
                    .unavailable,
                    "\(what()) could not reach the server at \(base): \(Self.describe(error, timeout: configuration.timeout)); "
                        + "check that it runs and that the URL is right",
                    cause: error
                )
            }
            let pause = TimeAmount.milliseconds(100 << min(attempt, 6))
            guard repetition != .never, attempt < configuration.retries, .now() + pause < deadline else {
                throw failure
            }
            attempt += 1
            try await Task.sleep(for: .nanoseconds(pause.nanoseconds))
        }
    }

    /// One attempt: the status, header fields and whole body of the answer, all by `deadline`.
    ///
    /// AsyncHTTPClient's future-based call is used because its deadline covers the whole
    /// answer (the `async` call's covers the head only), and it gathers the body on the event
    /// loop, with no task of its own.
    private func once(_ request: HTTPClient.Request, deadline: NIODeadline) async throws -> (
        status: HTTPResponseStatus, headers: HTTPHeaders, text: String
    ) {
        let task = configuration.httpClient.execute(
            request: request,
            delegate: ResponseAccumulator(request: request, maxBodySize: maximumBodySize),
            deadline: deadline
        )
        let response = try await withTaskCancellationHandler {
            try await task.futureResult.get()
        } onCancel: {
            task.cancel()
        }
        return (response.status, response.headers, response.body.map { String(buffer: $0) } ?? "")
    }

    /// The largest body read: ``HTTPSessionStore/Configuration/maximumAnswerBytes``, within
    /// what one buffer holds.
    private var maximumBodySize: Int { min(configuration.maximumAnswerBytes, Int(UInt32.max)) }

    /// The time `timeout` from now; far in the future for a timeout too long to count.
    private static func deadline(after timeout: Duration) -> NIODeadline {
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .distantFuture }
        let total = nanoseconds.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000)
        return total.overflow ? .distantFuture : .now() + .nanoseconds(total.partialValue)
    }

    /// `?name=value&…`, each part percent-encoded; empty for no parameters.
    private static func queryText(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        return "?" + query.map { encoded($0.0) + "=" + encoded($0.1) }.joined(separator: "&")
    }

    /// Text percent-encoded for a path segment or a query value: every byte but letters,
    /// digits and `-._~`.
    static func encoded(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// A transport error in words a user can act on.
    private static func describe(_ error: any Error, timeout: Duration) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                return "no answer within the timeout of \(timeout) (Configuration.timeout, which counts time spent "
                    + "waiting for a free connection)"
            case .connectTimeout: return "connecting timed out"
            case .remoteConnectionClosed: return "the server closed the connection before it answered"
            default: return "\(error)"
            }
        }
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED {
            return "the connection was refused: nothing listens on that port"
        }
        if let error = error as? ResponseAccumulator.ResponseTooBigError {
            return "the answer is larger than the limit of \(error.maxBodySize) bytes"
        }
        return "\(error)"
    }
}

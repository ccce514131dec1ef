import Hummingbird
import HummingbirdTesting
import Synchronization

/// A tiny chat-completions server on 127.0.0.1 for tests: it records each request and answers
/// with a fixed status and body (after an optional pause).
final class ChatCompletionsServer: Sendable {
    /// A request as received.
    struct Recorded: Sendable {
        var path: String
        var authorization: String?
        var body: String
    }

    private let recorded = Mutex<[Recorded]>([])
    let status: HTTPResponse.Status
    let answer: String
    let pause: Duration?

    /// A server that answers `answer` with `status`, after `pause` when given.
    init(
        status: HTTPResponse.Status = .ok,
        answer: String = ChatCompletionsServer.completion("Hello!"),
        pause: Duration? = nil
    ) {
        self.status = status
        self.answer = answer
        self.pause = pause
    }

    /// The requests received so far.
    var requests: [Recorded] { recorded.withLock { $0 } }

    /// A chat-completion answer whose reply is `text`.
    static func completion(_ text: String) -> String {
        #"{"id":"c-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"stop"}]}"#
    }

    /// Runs the server and gives `body` its base URL (`http://127.0.0.1:PORT/v1`).
    @discardableResult
    func run<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            self.recorded.withLock {
                $0.append(Recorded(path: request.uri.path, authorization: request.headers[.authorization], body: text))
            }
            if let pause = self.pause { try await Task.sleep(for: pause) }
            return Response(
                status: self.status,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: self.answer))
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            guard let port = client.port else { throw SupportFailure("the live test server has no port") }
            return try await body("http://127.0.0.1:\(port)/v1")
        }
    }
}

/// A failure in a test helper.
struct SupportFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

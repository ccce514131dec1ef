import AgentSessions
import HTTPTestSupport
import NIOHTTP1
import Testing

/// One answered turn of `POST /v1/chat/{id}` on a spawned server.
struct ChatTurn {
    /// The agent's reply.
    var response: String
    /// The answer's `status` object.
    var status: JSONObject

    /// Sends `message` to the session `id` through the server on `port`; records an issue when
    /// the answer is not 200.
    static func send(port: Int, session id: String, _ message: String) async throws -> ChatTurn {
        let answer = try await HTTPTestClient.send(
            port: port,
            .POST,
            "/v1/chat/\(id)",
            body: #"{"message": "\#(message)"}"#
        )
        #expect(answer.status == .ok, "\(answer.text)")
        let body = try JSONObject(parsingObject: answer.text, field: "answer")
        return ChatTurn(response: body["response"]?.stringValue ?? "", status: body["status"]?.objectValue ?? [:])
    }
}

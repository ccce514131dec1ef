public import AgentSessions
import NIOHTTP1

extension HTTPSessionStore {
    /// One turn of a conversation with the server's agent (`POST /v1/chat/{id}`): the server
    /// stores the message and the reply as two items of the session, creating the session when
    /// it is missing.
    ///
    /// ```swift
    /// let answer = try await store.chat("Where is my order?", in: SessionKey("support-42"), agent: "support")
    /// print(answer.response)
    /// ```
    ///
    /// The call carries an `Idempotency-Key` and is tried again after a connection error or a
    /// 503 like a create: the server answers a repeated turn from its record instead of asking
    /// the model again.
    /// - Parameters:
    ///   - message: What the user says.
    ///   - key: The conversation's session.
    ///   - agent: The agent of a session that this turn creates; `nil` for the server's default.
    ///   - userID: The user of a session that this turn creates.
    /// - Returns: The reply, and how the server handled the turn.
    /// - Throws: `SessionStoreError`: invalid argument for an agent the server does not know
    ///   (field `agent`) or a bad id; unavailable when the model failed or timed out (the
    ///   server's 502 or 504), or the server cannot be reached.
    ///   `CancellationError` when the task is cancelled.
    public func chat(_ message: String, in key: SessionKey, agent: String? = nil, userID: String? = nil)
        async throws -> ChatAnswer
    {
        var body: JSONObject = ["message": .string(message)]
        if let agent { body["agent"] = .string(agent) }
        if let userID { body["user_id"] = .string(userID) }
        let answer = try await transport.send(
            .POST,
            "/v1/chat/" + APITransport.encoded(key.id.rawValue),
            query: [("app", key.app)],
            body: JSONValue.object(body).jsonText,
            repetition: .idempotent
        )
        return try answer.decoded("a chat answer") { text throws(SessionStoreError) in try ChatAnswer(json: text) }
    }
}

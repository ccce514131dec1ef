public import AgentSessions

/// The answer to one turn of a conversation with a server's agent: the reply, and how the
/// server handled the turn (`POST /v1/chat/{id}`).
public struct ChatAnswer: Hashable, Sendable {
    /// The agent's reply.
    public var response: String
    /// The conversation's session.
    public var session: SessionKey
    /// The agent that answered.
    public var agent: String
    /// Whether the server's fallback agent answered, because the session names an agent the
    /// server's configuration does not know.
    public var answeredByFallback: Bool
    /// How many messages the conversation holds after this turn, both of this turn's included;
    /// 0 for an agent that keeps nothing.
    public var conversationLength: Int
    /// Where the agent keeps the conversation, as the server names it: `sqlite` (the server's
    /// store or a database of the agent's own), `memory` (the server process's memory) or
    /// `none`.
    public var memory: String
    /// Whether the conversation is kept in a store (`memory` is not `none`).
    public var sessionManaged: Bool
    /// Whether this turn created the session.
    public var createdSession: Bool
    /// Whether the agent read the conversation from the store for this turn (a new or evicted
    /// instance, a restarted server, or a session another writer changed).
    public var loadedHistory: Bool
    /// How many agent instances the server keeps alive after this turn.
    public var liveAgents: Int
}

extension ChatAnswer {
    /// Reads `{"response": "…", "status": {…}}`.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the member that is missing or
    ///   not of its type.
    init(json text: String) throws(SessionStoreError) {
        let answer = try JSONValue(parsing: text, field: "answer").objectValue ?? [:]
        guard let status = answer["status"]?.objectValue else { throw .invalid("status", "'status' is missing") }
        func member<T>(_ value: JSONValue?, _ key: String, _ read: (JSONValue) -> T?) throws(SessionStoreError) -> T {
            guard let value, let read = read(value) else {
                throw .invalid(key, "'\(key)' is missing or of another type")
            }
            return read
        }
        let id = try member(status["session_id"], "session_id") { $0.stringValue }
        self.init(
            response: try member(answer["response"], "response") { $0.stringValue },
            session: SessionKey(try SessionID(id), app: try member(status["app"], "app") { $0.stringValue }),
            agent: try member(status["agent"], "agent") { $0.stringValue },
            answeredByFallback: try member(status["fallback_agent"], "fallback_agent") { $0.boolValue },
            conversationLength: Int(
                clamping: try member(status["conversation_length"], "conversation_length") { $0.intValue }
            ),
            memory: try member(status["memory"], "memory") { $0.stringValue },
            sessionManaged: try member(status["session_managed"], "session_managed") { $0.boolValue },
            createdSession: try member(status["created"], "created") { $0.boolValue },
            loadedHistory: try member(status["history_loaded"], "history_loaded") { $0.boolValue },
            liveAgents: Int(clamping: try member(status["live_agents"], "live_agents") { $0.intValue })
        )
    }
}

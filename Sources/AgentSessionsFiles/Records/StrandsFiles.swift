import AgentSessions

/// Strands' three file shapes (`strands/types/session.py`), written and read exactly as Strands'
/// `FileSessionManager` does: `Session`, `SessionAgent` and `SessionMessage` as JSON objects.
enum StrandsFiles {
    /// The state of Strands' default conversation manager before it removed anything; an agent
    /// restored with another manager's state is refused by Strands.
    static let initialConversationManagerState: JSONObject = [
        "__name__": "SlidingWindowConversationManager", "removed_message_count": 0, "model_call_count": 0,
    ]

    /// `session.json`: `{session_id, session_type: "AGENT", created_at, updated_at}`.
    static func sessionText(id: SessionID, createdAt: Timestamp, updatedAt: Timestamp) -> String {
        let object: JSONObject = [
            "session_id": .string(id.rawValue),
            "session_type": "AGENT",
            "created_at": .string(createdAt.strandsText),
            "updated_at": .string(updatedAt.strandsText),
        ]
        return JSONValue.object(object).prettyJSONText
    }

    /// `agent.json` with the session's own state, keeping every other field of an existing file
    /// (the conversation manager's and Strands' internal state) as it was.
    static func agentText(existing: JSONObject?, agentID: String, state: JSONObject, now: Timestamp) -> String {
        var object =
            existing ?? [
                "agent_id": .string(agentID),
                "conversation_manager_state": .object(initialConversationManagerState),
                "_internal_state": [:],
                "created_at": .string(now.strandsText),
            ]
        object["state"] = .object(state)
        object["updated_at"] = .string(now.strandsText)
        return JSONValue.object(object).prettyJSONText
    }

    /// A message file: the item's JSON text verbatim under `message`, so it reads back byte for
    /// byte; `message_id` is the item's sequence number minus one, `tokens` the caller's count,
    /// when it gave one, and `pinned` when it is (Strands ignores keys it does not know).
    static func messageText(of item: SessionItem) -> String {
        let time = item.createdAt.strandsText
        let tokens = item.tokens.map { "  \"tokens\": \($0),\n" } ?? ""
        let pinned = item.isPinned ? "  \"pinned\": true,\n" : ""
        return "{\n  \"message\": " + item.content.text + ",\n  \"message_id\": \(item.sequence - 1),\n"
            + "  \"redact_message\": null,\n" + tokens + pinned
            + "  \"created_at\": \"\(time)\",\n  \"updated_at\": \"\(time)\"\n}"
    }

    /// A message as read from its file.
    struct Message {
        /// What the agent sees: `redact_message` when Strands redacted the message, else `message`.
        var content: JSONDocument
        /// When the message was created.
        var createdAt: Timestamp
        /// The caller's token count, if it gave one.
        var tokens: Int64?
        /// Whether the item is pinned.
        var isPinned: Bool

        /// The caller's count, otherwise the estimate (``SessionItem/tokenCount``).
        var tokenCount: Int64 { tokens ?? TokenEstimate.tokens(in: content) }
    }

    /// Reads a message file.
    /// - Throws: ``RecordError`` if the file is not a Strands message.
    static func message(_ text: String) throws(RecordError) -> Message {
        guard let spans = JSONSpans(text) else { throw RecordError(reason: "it is not a JSON object") }
        let redacted = spans["redact_message"].flatMap { $0 == "null" ? nil : $0 }
        guard let raw = redacted ?? spans["message"] else { throw RecordError(reason: "it has no 'message'") }
        let content: JSONDocument
        do {
            content = try JSONDocument(validating: raw, field: "message")
        } catch {
            throw RecordError(reason: error.message)
        }
        guard let time = spans["created_at"], time.count >= 2,
            let createdAt = Timestamp(strandsText: String(time.dropFirst().dropLast()))
        else { throw RecordError(reason: "'created_at' is not an ISO 8601 time") }
        var tokens: Int64?
        if let text = spans["tokens"] {
            guard let count = Int64(text), (0...SessionItem.maximumTokens).contains(count) else {
                throw RecordError(reason: "'tokens' is not a count from 0 to \(SessionItem.maximumTokens)")
            }
            tokens = count
        }
        return Message(content: content, createdAt: createdAt, tokens: tokens, isPinned: spans["pinned"] == "true")
    }

    /// `session.json` as read: the times Strands wrote.
    static func session(_ text: String) throws(RecordError) -> (createdAt: Timestamp, updatedAt: Timestamp) {
        let reader = try reader(text)
        return (try reader.timestamp("created_at"), try reader.timestamp("updated_at"))
    }

    /// `agent.json` as read: every field, for rewriting, and the state.
    static func agent(_ text: String) throws(RecordError) -> (fields: JSONObject, state: JSONObject) {
        let reader = try reader(text)
        return (reader.fields, try reader.object("state"))
    }

    private static func reader(_ text: String) throws(RecordError) -> FieldReader {
        do {
            return FieldReader(fields: try JSONObject(parsingObject: text, field: "file"))
        } catch {
            throw RecordError(reason: error.message)
        }
    }
}

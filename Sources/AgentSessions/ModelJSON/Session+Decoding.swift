extension Session {
    /// The keys of a session's JSON (``jsonValue``).
    package static let jsonKeys: Set<String> = [
        "id", "app", "user_id", "agent", "parent_id", "kind", "phase", "resume_ready", "state", "metadata",
        "title", "tags", "created_at", "updated_at", "finalized_at", "outcome", "summary", "duration_seconds",
        "error_count",
        "last_error", "resume_count", "history", "version", "expires_at", "last_sequence",
    ]

    /// Reads a session from its JSON, the shape ``jsonValue`` writes (and the HTTP API returns).
    ///
    /// Checks the shape: no unknown or duplicate keys, every value of the right JSON type,
    /// well-formed ids and times. `duration_seconds` is read from the times, not from the key.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(json text: String) throws(SessionStoreError) {
        try self.init(jsonMembers: try JSONParser.uniqueMemberTexts(of: text, what: "session"))
    }

    /// Reads a session from the members' texts of its JSON object.
    /// - Parameters:
    ///   - texts: The members' texts by key.
    ///   - allowing: Keys the object may have besides ``jsonKeys``, which are ignored.
    ///   - kind: What the object is, for messages.
    package init(
        jsonMembers texts: [String: String],
        allowing extra: Set<String> = [],
        kind: String = "session"
    ) throws(SessionStoreError) {
        let fields = try JSONFields(texts, allowed: Self.jsonKeys.union(extra), kind: kind)
        let history = try fields.optional("history", "an array of phase changes", \.arrayValue) ?? []
        self.init(
            id: try SessionID(try fields.required("id", "a string", \.stringValue)),
            app: try fields.app(),
            userID: try fields.identifier("user_id", what: "user id") ?? "",
            agentName: try fields.identifier("agent", what: "agent name") ?? "",
            parentID: try fields.optional("parent_id", "a string", \.stringValue).map {
                text throws(SessionStoreError) in
                try SessionID(text)
            },
            kind: try fields.kind(),
            phase: Phase(try fields.required("phase", "a string", \.stringValue)),
            isResumeReady: try fields.optional("resume_ready", "true or false", \.boolValue) ?? false,
            state: try fields.optional("state", "an object", \.objectValue) ?? [:],
            metadata: try fields.optional("metadata", "an object", \.objectValue) ?? [:],
            title: try fields.optional("title", "a string", \.stringValue),
            tags: try fields.tags(),
            createdAt: try fields.required("created_at", "an ISO 8601 time", \.timestamp),
            updatedAt: try fields.required("updated_at", "an ISO 8601 time", \.timestamp),
            finalizedAt: try fields.optional("finalized_at", "an ISO 8601 time", \.timestamp),
            outcome: try fields.optional("outcome", "a string", \.stringValue).map { Phase($0) },
            summary: try fields.optional("summary", "a string", \.stringValue),
            errorCount: try fields.count("error_count"),
            lastError: try fields.optional("last_error", "a string", \.stringValue),
            resumeCount: try fields.count("resume_count"),
            phaseHistory: try history.map { value throws(SessionStoreError) in try PhaseTransition(json: value) },
            version: try fields.required("version", "an integer", \.intValue),
            expiresAt: try fields.optional("expires_at", "an ISO 8601 time", \.timestamp),
            lastSequence: try fields.required("last_sequence", "an integer", \.intValue)
        )
    }
}

extension PhaseTransition {
    /// Reads a phase change from its JSON: `{from, to, at}`.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `history`) for another shape.
    package init(json value: JSONValue) throws(SessionStoreError) {
        guard let object = value.objectValue, let from = object["from"]?.stringValue,
            let to = object["to"]?.stringValue, let at = object["at"]?.timestamp, object.count == 3
        else {
            throw .invalid("history", "each phase change must be {\"from\": phase, \"to\": phase, \"at\": time}")
        }
        self.init(from: Phase(from), to: Phase(to), at: at)
    }
}

extension JSONParser {
    /// The members' texts of a JSON object text by key.
    /// - Throws: ``SessionStoreError`` (invalid argument) for text that is not one JSON object
    ///   or has a key twice.
    package static func uniqueMemberTexts(of text: String, what: String) throws(SessionStoreError) -> [String: String] {
        let members: [(key: String, text: String)]
        do {
            members = try memberTexts(ofObject: text)
        } catch {
            throw .invalid(what, "the \(what) is not one JSON object: \(error.reason) at byte \(error.offset + 1)")
        }
        var texts: [String: String] = [:]
        for member in members where texts.updateValue(member.text, forKey: member.key) != nil {
            throw JSONFields.repeatedKey(member.key)
        }
        return texts
    }
}

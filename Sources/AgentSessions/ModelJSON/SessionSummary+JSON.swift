extension SessionSummary {
    /// The keys of a summary's JSON: the keys of a session's JSON (``Session/jsonValue``)
    /// that a summary holds, in the order ``jsonValue`` writes them.
    public static let jsonKeys: [String] = [
        "id", "app", "user_id", "agent", "parent_id", "kind", "title", "tags", "phase", "resume_ready",
        "created_at", "updated_at", "finalized_at", "outcome", "error_count", "version", "expires_at",
        "last_sequence",
    ]

    /// The summary as JSON: the same keys and values as the session's JSON, without `state`,
    /// `metadata`, `history`, `summary`, `duration_seconds`, `last_error` and `resume_count`.
    public var jsonValue: JSONValue { .object(jsonObject) }

    /// The members of ``jsonValue``.
    var jsonObject: JSONObject {
        [
            "id": .string(id.rawValue),
            "app": .string(app),
            "user_id": userID.isEmpty ? .null : .string(userID),
            "agent": agentName.isEmpty ? .null : .string(agentName),
            "parent_id": parentID.map { .string($0.rawValue) } ?? .null,
            "kind": .string(kind.rawValue),
            "title": title.map(JSONValue.string) ?? .null,
            "tags": .array(tags.map(JSONValue.string)),
            "phase": .string(phase.rawValue),
            "resume_ready": .bool(isResumeReady),
            "created_at": createdAt.jsonValue,
            "updated_at": updatedAt.jsonValue,
            "finalized_at": finalizedAt?.jsonValue ?? .null,
            "outcome": outcome.map { .string($0.rawValue) } ?? .null,
            "error_count": .int(Int64(errorCount)),
            "version": .int(version),
            "expires_at": expiresAt?.jsonValue ?? .null,
            "last_sequence": .int(lastSequence),
        ]
    }

    /// Reads a summary from the members' texts of its JSON object, the shape ``jsonValue``
    /// writes; every key must be there.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    package init(jsonMembers texts: [String: String]) throws(SessionStoreError) {
        let fields = try JSONFields(texts, allowed: Set(Self.jsonKeys), kind: "session summary")
        for key in Self.jsonKeys where texts[key] == nil {
            throw .invalid(key, "the session summary has no '\(key)'")
        }
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
            title: try fields.optional("title", "a string", \.stringValue),
            tags: try fields.tags(),
            phase: Phase(try fields.required("phase", "a string", \.stringValue)),
            isResumeReady: try fields.required("resume_ready", "true or false", \.boolValue),
            createdAt: try fields.required("created_at", "an ISO 8601 time", \.timestamp),
            updatedAt: try fields.required("updated_at", "an ISO 8601 time", \.timestamp),
            finalizedAt: try fields.optional("finalized_at", "an ISO 8601 time", \.timestamp),
            outcome: try fields.optional("outcome", "a string", \.stringValue).map { Phase($0) },
            errorCount: try fields.count("error_count"),
            version: try fields.required("version", "an integer", \.intValue),
            expiresAt: try fields.optional("expires_at", "an ISO 8601 time", \.timestamp),
            lastSequence: try fields.required("last_sequence", "an integer", \.intValue)
        )
    }
}

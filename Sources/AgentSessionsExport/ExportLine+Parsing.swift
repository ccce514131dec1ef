public import AgentSessions

extension ExportLine {
    /// The keys a session line may have.
    static let sessionKeys: Set<String> = [
        "type", "id", "app", "user_id", "agent", "parent_id", "kind", "phase", "resume_ready", "state", "metadata",
        "created_at", "updated_at", "finalized_at", "outcome", "summary", "duration_seconds", "error_count",
        "last_error", "resume_count", "history", "version", "expires_at", "last_sequence",
    ]

    /// The keys an item line may have.
    static let itemKeys: Set<String> = ["type", "seq", "item_id", "created_at", "content", "content_text"]

    /// Reads one line of the ``ExportFormat``.
    ///
    /// Checks the line's shape: one JSON object with a known `type`, no unknown or duplicate
    /// keys, every value of the right JSON type, well-formed ids and times, and an item's JSON
    /// object kept byte for byte. Whether a phase exists in the app's lifecycle or a parent
    /// exists is for the store to check when the session is restored.
    /// - Parameter text: The line, without its line break.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(parsing text: String) throws(SessionStoreError) {
        let members: [(key: String, text: String)]
        do {
            members = try JSONParser.memberTexts(ofObject: text)
        } catch {
            throw .invalid("line", "the line is not one JSON object: \(error.reason) at byte \(error.offset + 1)")
        }
        var texts: [String: String] = [:]
        for member in members where texts.updateValue(member.text, forKey: member.key) != nil {
            throw .invalid(member.key, "the key '\(Identifier.printable(member.key))' appears twice")
        }
        guard let type = texts["type"] else { throw .invalid("type", "the line has no 'type'") }
        switch try JSONValue(parsing: type, field: "type").stringValue {
        case "format":
            let fields = try LineFields(texts, allowed: ["type", "name", "version"], kind: "format")
            guard try fields.required("name", "a string", \.stringValue) == ExportFormat.name else {
                throw .invalid(
                    "name",
                    "this is not an \(ExportFormat.name) export: its format line names another format"
                )
            }
            self = .format(version: try fields.required("version", "an integer", \.intValue))
        case "session":
            self = .session(try Self.session(LineFields(texts, allowed: Self.sessionKeys, kind: "session")))
        case "item":
            self = .item(try Self.item(texts))
        default:
            throw .invalid("type", "unknown line type \(type); expected \"format\", \"session\" or \"item\"")
        }
    }

    private static func session(_ fields: LineFields) throws(SessionStoreError) -> Session {
        let history = try fields.optional("history", "an array of phase changes", \.arrayValue) ?? []
        return Session(
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
            createdAt: try fields.required("created_at", "an ISO 8601 time", \.timestamp),
            updatedAt: try fields.required("updated_at", "an ISO 8601 time", \.timestamp),
            finalizedAt: try fields.optional("finalized_at", "an ISO 8601 time", \.timestamp),
            outcome: try fields.optional("outcome", "a string", \.stringValue).map { Phase($0) },
            summary: try fields.optional("summary", "a string", \.stringValue),
            errorCount: try fields.count("error_count"),
            lastError: try fields.optional("last_error", "a string", \.stringValue),
            resumeCount: try fields.count("resume_count"),
            phaseHistory: try history.map { value throws(SessionStoreError) in try PhaseTransition(exported: value) },
            version: try fields.required("version", "an integer", \.intValue),
            expiresAt: try fields.optional("expires_at", "an ISO 8601 time", \.timestamp),
            lastSequence: try fields.required("last_sequence", "an integer", \.intValue)
        )
    }

    private static func item(_ texts: [String: String]) throws(SessionStoreError) -> SessionItem {
        // The object's text is kept as it is in the line, not parsed again and re-encoded.
        var others = texts
        let content = others.removeValue(forKey: "content")
        let fields = try LineFields(others, allowed: itemKeys, kind: "item")
        let document: JSONDocument
        switch (content, try fields.optional("content_text", "a string", \.stringValue)) {
        case (let text?, nil):
            guard text.utf8.first == UInt8(ascii: "{") else {
                throw .invalid("content", "the item's content must be a JSON object ({…})")
            }
            document = JSONDocument(trusted: text)
        case (nil, let text?):
            document = try JSONDocument(validating: text, field: "content_text")
        default:
            throw .invalid("content", "an item line needs exactly one of 'content' (an object) and 'content_text'")
        }
        let itemID = try fields.optional("item_id", "a string", \.stringValue)
        if let itemID { try Identifier.validate(itemID, field: "item_id", what: "item id", allowsEmpty: false) }
        return SessionItem(
            sequence: try fields.required("seq", "an integer", \.intValue),
            itemID: itemID,
            createdAt: try fields.required("created_at", "an ISO 8601 time", \.timestamp),
            content: document
        )
    }
}

extension PhaseTransition {
    /// Reads a phase change of an export: `{from, to, at}`.
    init(exported value: JSONValue) throws(SessionStoreError) {
        guard let object = value.objectValue, let from = object["from"]?.stringValue,
            let to = object["to"]?.stringValue, let at = object["at"]?.timestamp, object.count == 3
        else {
            throw .invalid("history", "each phase change must be {\"from\": phase, \"to\": phase, \"at\": time}")
        }
        self.init(from: Phase(from), to: Phase(to), at: at)
    }
}

extension JSONValue {
    /// The array, if this value is one.
    fileprivate var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The time, if this value is ISO 8601 text.
    fileprivate var timestamp: Timestamp? { stringValue.flatMap(Timestamp.init(iso8601:)) }
}

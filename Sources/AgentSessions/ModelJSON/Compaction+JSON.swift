extension Compaction {
    /// The keys of a compaction's JSON (``jsonText``).
    package static let jsonKeys: Set<String> = [
        "number", "first_seq", "last_seq", "summary", "author", "created_at", "tokens_before", "tokens_after",
    ]

    /// The compaction as compact JSON text with sorted keys, the summary byte for byte as stored:
    /// `{author, created_at, first_seq, last_seq, number, summary, tokens_after, tokens_before}`.
    public var jsonText: String {
        var text = #"{"author":"#
        text += author.jsonValue.jsonText
        text += #","created_at":""#
        text += createdAt.iso8601
        text += #"","first_seq":"#
        text += String(firstSequence)
        text += #","last_seq":"#
        text += String(lastSequence)
        text += #","number":"#
        text += String(number)
        text += #","summary":"#
        text += summary.text
        text += #","tokens_after":"#
        text += String(tokensAfter)
        text += #","tokens_before":"#
        text += String(tokensBefore)
        text += "}"
        return text
    }

    /// Reads a compaction from its JSON, the shape ``jsonText`` writes (and the HTTP API
    /// returns); the summary's text is kept byte for byte.
    /// - Parameters:
    ///   - text: The JSON object.
    ///   - extra: Keys the object may have besides a compaction's own, which are ignored (an export
    ///     line's `type`).
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(json text: String, allowing extra: Set<String> = []) throws(SessionStoreError) {
        try self.init(jsonMembers: try JSONParser.uniqueMemberTexts(of: text, what: "compaction"), allowing: extra)
    }

    /// Reads a compaction from the members' texts of its JSON object.
    /// - Parameters:
    ///   - texts: The members' texts by key.
    ///   - allowing: Keys the object may have besides ``jsonKeys``, which are ignored.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    package init(jsonMembers texts: [String: String], allowing extra: Set<String> = []) throws(SessionStoreError) {
        var texts = texts
        guard let summary = texts.removeValue(forKey: "summary") else {
            throw .invalid("summary", "'summary' is missing; it must be a JSON object")
        }
        let fields = try JSONFields(texts, allowed: Self.jsonKeys.union(extra), kind: "compaction")
        self.init(
            number: try fields.required("number", "an integer", \.intValue),
            firstSequence: try fields.required("first_seq", "an integer", \.intValue),
            lastSequence: try fields.required("last_seq", "an integer", \.intValue),
            summary: try JSONDocument(validating: summary, field: "summary"),
            author: try CompactionAuthor(json: try fields.required("author", "an object", { $0 })),
            createdAt: try fields.required("created_at", "an ISO 8601 time", \.timestamp),
            tokensBefore: try fields.required("tokens_before", "an integer", \.intValue),
            tokensAfter: try fields.required("tokens_after", "an integer", \.intValue)
        )
    }

    /// Reads a list of compactions from the member `key` of a JSON object (an answer such as
    /// `{"compactions": […]}`).
    /// - Throws: ``SessionStoreError`` (invalid argument) naming what is wrong.
    package static func list(ofMember key: String, inObject text: String) throws(SessionStoreError) -> [Compaction] {
        let texts = try JSONParser.uniqueMemberTexts(of: text, what: "answer")
        guard let array = texts[key] else { throw .invalid(key, "'\(key)' is missing; it must be an array") }
        let elements: [String]
        do {
            elements = try JSONParser.elementTexts(ofArray: array)
        } catch {
            throw .invalid(key, "'\(key)' is not a JSON array: \(error.reason) at byte \(error.offset + 1)")
        }
        var compactions: [Compaction] = []
        for element in elements { compactions.append(try Compaction(json: element)) }
        return compactions
    }
}

extension CompactionAuthor {
    /// The author as JSON: `{"kind": "caller"}` or
    /// `{"kind": "summarizer", "agent": …, "model": …}`.
    public var jsonValue: JSONValue {
        switch self {
        case .caller: ["kind": "caller"]
        case .summarizer(let agent, let model):
            ["kind": "summarizer", "agent": .string(agent), "model": .string(model)]
        }
    }

    /// Reads an author as a store keeps it: the text of ``jsonValue``.
    /// - Parameters:
    ///   - text: The stored text.
    ///   - number: The compaction's number, for the message.
    ///   - id: The session's id, for the message.
    /// - Throws: ``SessionStoreError`` (corrupted) when the text is not an author's JSON.
    package init(storedText text: String, compaction number: Int64, of id: String) throws(SessionStoreError) {
        do {
            try self.init(json: try JSONValue(parsing: text, field: "author"))
        } catch {
            throw StoredJSON.corrupted("author of compaction \(number)", of: id, error.message)
        }
    }

    /// Reads an author from its JSON.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `author`) for another shape.
    package init(json value: JSONValue) throws(SessionStoreError) {
        let object = value.objectValue ?? [:]
        switch (object["kind"]?.stringValue, object["agent"]?.stringValue, object["model"]?.stringValue) {
        case ("caller", nil, nil) where object.count == 1:
            self = .caller
        case ("summarizer", let agent?, let model?) where object.count == 3:
            self = .summarizer(agent: agent, model: model)
        default:
            throw .invalid(
                "author",
                "author must be {\"kind\": \"caller\"} or {\"kind\": \"summarizer\", \"agent\": …, \"model\": …}"
            )
        }
    }
}

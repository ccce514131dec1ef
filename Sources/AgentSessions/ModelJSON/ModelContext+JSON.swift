extension ModelContext {
    /// The context as compact JSON text with sorted keys, each entry's content byte for byte:
    /// `{dropped, dropped_compactions, elided, fits, items, max_tokens, tokens_after,
    /// tokens_before}`.
    public var jsonText: String {
        func numbers(_ values: [Int64]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
        var text = #"{"dropped":"#
        text += numbers(droppedSequences)
        text += #","dropped_compactions":"#
        text += numbers(droppedCompactions)
        text += #","elided":"#
        text += numbers(elidedSequences)
        text += #","fits":"#
        text += fits ? "true" : "false"
        text += #","items":["#
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += "," }
            entry.appendJSONText(to: &text)
        }
        text += #"],"max_tokens":"#
        text += maxTokens.map(String.init) ?? "null"
        text += #","tokens_after":"#
        text += String(tokensAfter)
        text += #","tokens_before":"#
        text += String(tokensBefore)
        text += "}"
        return text
    }

    /// Reads a context from its JSON, the shape ``jsonText`` writes (and the HTTP API returns).
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(json text: String) throws(SessionStoreError) {
        var texts = try JSONParser.uniqueMemberTexts(of: text, what: "context")
        let itemTexts: [String]
        do {
            itemTexts = try JSONParser.elementTexts(ofArray: texts.removeValue(forKey: "items") ?? "")
        } catch {
            throw .invalid("items", "'items' must be an array of entries: \(error.reason) at byte \(error.offset + 1)")
        }
        let fields = try JSONFields(
            texts,
            allowed: [
                "dropped", "dropped_compactions", "elided", "fits", "max_tokens", "tokens_after", "tokens_before",
            ],
            kind: "context"
        )
        func numbers(_ key: String) throws(SessionStoreError) -> [Int64] {
            let values = try fields.optional(key, "an array of integers", \.arrayValue) ?? []
            return try values.map { value throws(SessionStoreError) in
                guard let number = value.intValue else { throw .invalid(key, "'\(key)' must hold integers") }
                return number
            }
        }
        var entries: [ContextEntry] = []
        for item in itemTexts { entries.append(try ContextEntry(json: item)) }
        self.init(
            entries: entries,
            maxTokens: try fields.optional("max_tokens", "an integer", \.intValue),
            tokensBefore: try fields.required("tokens_before", "an integer", \.intValue),
            tokensAfter: try fields.required("tokens_after", "an integer", \.intValue),
            elidedSequences: try numbers("elided"),
            droppedSequences: try numbers("dropped"),
            droppedCompactions: try numbers("dropped_compactions")
        )
    }
}

extension ContextEntry {
    /// Appends the entry's JSON: `{"type": "item", "seq", …}` or
    /// `{"type": "summary", "compaction", "first_seq", "last_seq", …}`, with `content`, `tokens`,
    /// `pinned` and `elided`, keys sorted.
    func appendJSONText(to text: inout String) {
        switch source {
        case .item(let sequence):
            text += #"{"content":"#
            text += content.text
            text += #","elided":"#
            text += isElided ? "true" : "false"
            text += #","pinned":"#
            text += isPinned ? "true" : "false"
            text += #","seq":"#
            text += String(sequence)
            text += #","tokens":"#
            text += String(tokens)
            text += #","type":"item"}"#
        case .summary(let compaction, let first, let last):
            text += #"{"compaction":"#
            text += String(compaction)
            text += #","content":"#
            text += content.text
            text += #","elided":false,"first_seq":"#
            text += String(first)
            text += #","last_seq":"#
            text += String(last)
            text += #","pinned":"#
            text += isPinned ? "true" : "false"
            text += #","tokens":"#
            text += String(tokens)
            text += #","type":"summary"}"#
        }
    }

    /// Reads an entry from its JSON.
    init(json text: String) throws(SessionStoreError) {
        var texts = try JSONParser.uniqueMemberTexts(of: text, what: "context entry")
        guard let content = texts.removeValue(forKey: "content") else {
            throw .invalid("content", "a context entry's 'content' is missing")
        }
        let fields = try JSONFields(
            texts,
            allowed: ["type", "seq", "compaction", "first_seq", "last_seq", "tokens", "pinned", "elided"],
            kind: "context entry"
        )
        let source: Source
        switch try fields.required("type", "\"item\" or \"summary\"", \.stringValue) {
        case "item":
            source = .item(sequence: try fields.required("seq", "an integer", \.intValue))
        case "summary":
            source = .summary(
                compaction: try fields.required("compaction", "an integer", \.intValue),
                first: try fields.required("first_seq", "an integer", \.intValue),
                last: try fields.required("last_seq", "an integer", \.intValue)
            )
        case let other:
            throw .invalid("type", "a context entry's type is \"item\" or \"summary\", not \"\(other)\"")
        }
        self.init(
            source: source,
            content: try JSONDocument(validating: content, field: "content"),
            tokens: try fields.required("tokens", "an integer", \.intValue),
            isPinned: try fields.optional("pinned", "a Boolean", \.boolValue) ?? false,
            isElided: try fields.optional("elided", "a Boolean", \.boolValue) ?? false
        )
    }
}

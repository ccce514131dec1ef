extension SessionTokens {
    /// The tokens as JSON: `{item_count, tokens, counted_items, context_tokens}`, and, for a
    /// context window of 1 token or more, `context_window` and `context_share`
    /// (``contextShare(ofWindow:)``).
    public func jsonValue(contextWindow: Int64? = nil) -> JSONValue {
        var object: JSONObject = [
            "item_count": .int(Int64(itemCount)),
            "tokens": .int(tokens),
            "counted_items": .int(Int64(countedItems)),
            "context_tokens": .int(contextTokens),
        ]
        if let contextWindow, let share = contextShare(ofWindow: contextWindow) {
            object["context_window"] = .int(contextWindow)
            object["context_share"] = .double(share)
        }
        return .object(object)
    }

    /// Reads tokens from their JSON, the shape ``jsonValue(contextWindow:)`` writes (and the
    /// HTTP API returns); the window and share, if present, are not kept.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(json text: String) throws(SessionStoreError) {
        let fields = try JSONFields(
            try JSONParser.uniqueMemberTexts(of: text, what: "tokens"),
            allowed: ["item_count", "tokens", "counted_items", "context_tokens", "context_window", "context_share"],
            kind: "tokens"
        )
        func count(_ key: String) throws(SessionStoreError) -> Int64 {
            let value = try fields.required(key, "an integer from 0", \.intValue)
            guard value >= 0 else { throw .invalid(key, "'\(key)' must be an integer from 0") }
            return value
        }
        self.init(
            itemCount: Int(try count("item_count")),
            tokens: try count("tokens"),
            countedItems: Int(try count("counted_items")),
            contextTokens: try count("context_tokens")
        )
    }
}

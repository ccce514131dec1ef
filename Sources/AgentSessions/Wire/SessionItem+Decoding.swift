extension SessionItem {
    /// The keys of an item's JSON (``jsonText``).
    package static let jsonKeys: Set<String> = ["seq", "item_id", "created_at", "content", "content_text"]

    /// Reads an item from its JSON, the shape ``jsonText`` writes (and the HTTP API returns).
    ///
    /// The content's text is kept byte for byte as it is in `text`, not parsed and re-encoded.
    /// An item whose content is given as `content_text` (a string holding the JSON) is read too.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(json text: String) throws(SessionStoreError) {
        try self.init(jsonMembers: try JSONParser.uniqueMemberTexts(of: text, what: "item"))
    }

    /// Reads an item from the members' texts of its JSON object.
    /// - Parameters:
    ///   - texts: The members' texts by key.
    ///   - allowing: Keys the object may have besides ``jsonKeys``, which are ignored.
    ///   - kind: What the object is, for messages.
    package init(
        jsonMembers texts: [String: String],
        allowing extra: Set<String> = [],
        kind: String = "item"
    ) throws(SessionStoreError) {
        var others = texts
        let content = others.removeValue(forKey: "content")
        let fields = try JSONFields(others, allowed: Self.jsonKeys.union(extra), kind: kind)
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
            throw .invalid("content", "an \(kind) needs exactly one of 'content' (an object) and 'content_text'")
        }
        let itemID = try fields.optional("item_id", "a string", \.stringValue)
        if let itemID { try Identifier.validate(itemID, field: "item_id", what: "item id", allowsEmpty: false) }
        self.init(
            sequence: try fields.required("seq", "an integer", \.intValue),
            itemID: itemID,
            createdAt: try fields.required("created_at", "an ISO 8601 time", \.timestamp),
            content: document
        )
    }
}

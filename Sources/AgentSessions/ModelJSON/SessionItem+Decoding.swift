extension SessionItem {
    /// The keys of an item's JSON (``jsonText``).
    package static let jsonKeys: Set<String> = [
        "seq", "item_id", "created_at", "content", "content_text", "tokens", "pinned",
    ]

    /// Reads an item from its JSON, the shape ``jsonText`` writes (and the HTTP API returns).
    ///
    /// The content's text is kept byte for byte as it is in `text`, not parsed and re-encoded.
    /// An item whose content is given as `content_text` (a string holding the JSON) is read too.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the field and what is wrong.
    public init(json text: String) throws(SessionStoreError) {
        let members: ItemMembers
        do {
            members = try JSONParser.reading(text) { parser throws(JSONSyntaxError) in
                try parser.itemMembers(depth: 1)
            }
        } catch {
            throw .invalid("item", "the item is not one JSON object: \(error.reason) at byte \(error.offset + 1)")
        }
        try self.init(members: members, kind: "item")
    }

    /// The items of the array that is the member `key` of the JSON object `text` (an answer
    /// such as `{"items": […]}`), read in one pass; `nil` when the object has no such member.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming what is wrong.
    package static func items(ofMember key: String, inObject text: String) throws(SessionStoreError) -> [SessionItem]? {
        let found: [ItemMembers]?
        do {
            found = try JSONParser.reading(text) { parser throws(JSONSyntaxError) in
                var found: [ItemMembers]?
                try parser.walkObject { member, parser throws(JSONSyntaxError) in
                    guard member == key, found == nil else { return try parser.skipValue(depth: 1) }
                    var items: [ItemMembers] = []
                    try parser.walkArray(depth: 2) { parser throws(JSONSyntaxError) in
                        items.append(try parser.itemMembers(depth: 3))
                    }
                    found = items
                }
                return found
            }
        } catch {
            throw .invalid(
                key,
                "the text is not an object with an array of items '\(key)': \(error.reason) at byte \(error.offset + 1)"
            )
        }
        guard let found else { return nil }
        var items: [SessionItem] = []
        items.reserveCapacity(found.count)
        for members in found { items.append(try SessionItem(members: members, kind: "item")) }
        return items
    }

    /// Reads an item from a JSON object that holds, besides the item's keys, the member `key`
    /// with the string `value` (an export's item line, `{…,"type":"item"}`), in one pass over
    /// the text; `nil` for anything else: not such an object, or not a valid item.
    ///
    /// A fast path for readers of many such lines: where it gives an item, reading the
    /// members' texts (``init(jsonMembers:allowing:kind:)``) gives the same item, and where
    /// it gives `nil`, that reading says what is wrong.
    /// - Parameters:
    ///   - text: The object's text.
    ///   - key: The extra key.
    ///   - value: The string the extra key must hold.
    ///   - kind: What the object is, for messages.
    package static func tagged(json text: String, key: String, value: String, kind: String) -> SessionItem? {
        let members = try? JSONParser.reading(text) { parser throws(JSONSyntaxError) in
            try parser.itemMembers(depth: 1, extraKey: key)
        }
        guard let members, members.problem == nil, members.extra?.stringValue == value else { return nil }
        return try? SessionItem(members: members, kind: kind)
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
        let allowed = Self.jsonKeys.union(extra)
        var members = ItemMembers()
        for (key, text) in texts.sorted(by: { $0.key < $1.key }) {
            guard allowed.contains(key) else { throw JSONFields.unknownKey(key, allowed: allowed, kind: kind) }
            if key == "content" {
                members.content = text
            } else if let member = ItemMembers.Scalar(key) {
                members.set(member, key, try JSONValue(parsing: text, field: key))
            }
        }
        try self.init(members: members, kind: kind)
    }

    /// Checks the members against the item's rules.
    init(members: ItemMembers, kind: String) throws(SessionStoreError) {
        if let problem = members.problem { throw problem }
        let document: JSONDocument
        switch (
            members.content, try JSONFields.optional(members.contentText, "content_text", "a string", \.stringValue)
        ) {
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
        let itemID = try JSONFields.optional(members.itemID, "item_id", "a string", \.stringValue)
        if let itemID { try Identifier.validate(itemID, field: "item_id", what: "item id", allowsEmpty: false) }
        let tokens = try JSONFields.optional(members.tokens, "tokens", "an integer", \.intValue)
        if let tokens { try SessionItem.validate(tokens: tokens) }
        self.init(
            sequence: try JSONFields.required(members.sequence, "seq", "an integer", \.intValue),
            itemID: itemID,
            createdAt: try JSONFields.required(members.createdAt, "created_at", "an ISO 8601 time", \.timestamp),
            content: document,
            tokens: tokens,
            isPinned: try JSONFields.optional(members.pinned, "pinned", "true or false", \.boolValue) ?? false
        )
    }
}

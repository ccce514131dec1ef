/// The members of an item's JSON object, each read as JSON but not yet checked against the
/// item's rules: what one pass over an item's text collects, so that a list of items is read
/// without a dictionary or a text per member.
struct ItemMembers {
    var sequence: JSONValue?
    var itemID: JSONValue?
    var createdAt: JSONValue?
    var contentText: JSONValue?
    var tokens: JSONValue?
    var pinned: JSONValue?
    /// The content object's exact text.
    var content: String?
    /// The value of the one key besides the item's that the reader allows (an export line's
    /// `type`), if it asked for one.
    var extra: JSONValue?
    /// The first unknown or repeated key, reported once the object is read.
    var problem: SessionStoreError?

    /// The members that hold a JSON scalar, read as a `JSONValue`.
    enum Scalar {
        case sequence, itemID, createdAt, contentText, tokens, pinned

        /// The member named `key`; `nil` for `content` and unknown keys.
        init?(_ key: String) {
            switch key {
            case "seq": self = .sequence
            case "item_id": self = .itemID
            case "created_at": self = .createdAt
            case "content_text": self = .contentText
            case "tokens": self = .tokens
            case "pinned": self = .pinned
            default: return nil
            }
        }
    }

    /// Keeps `value` as the member `key`, noting a repeat.
    mutating func set(_ member: Scalar, _ key: String, _ value: JSONValue) {
        let old: JSONValue?
        switch member {
        case .sequence: (old, sequence) = (sequence, value)
        case .itemID: (old, itemID) = (itemID, value)
        case .createdAt: (old, createdAt) = (createdAt, value)
        case .contentText: (old, contentText) = (contentText, value)
        case .tokens: (old, tokens) = (tokens, value)
        case .pinned: (old, pinned) = (pinned, value)
        }
        if old != nil { note(JSONFields.repeatedKey(key)) }
    }

    /// Keeps `text` as the content, noting a repeat.
    mutating func setContent(_ text: String) {
        if content != nil { note(JSONFields.repeatedKey("content")) }
        content = text
    }

    /// Notes a problem; the first one is reported.
    mutating func note(_ problem: SessionStoreError) {
        if self.problem == nil { self.problem = problem }
    }
}

extension JSONParser {
    /// Reads the item object at the parser's position, at `depth`, and moves past it. Unknown
    /// and repeated keys are noted in the result, not thrown.
    /// - Parameter extraKey: A key besides the item's to read into ``ItemMembers/extra``.
    mutating func itemMembers(depth: Int, extraKey: String? = nil) throws(JSONSyntaxError) -> ItemMembers {
        var members = ItemMembers()
        try walkObject(depth: depth) { key, parser throws(JSONSyntaxError) in
            if key == "content" {
                members.setContent(try parser.valueText(depth: depth))
            } else if let member = ItemMembers.Scalar(key) {
                members.set(member, key, try parser.parseValue(depth: depth))
            } else if key == extraKey {
                if members.extra != nil { members.note(JSONFields.repeatedKey(key)) }
                members.extra = try parser.parseValue(depth: depth)
            } else {
                members.note(JSONFields.unknownKey(key, allowed: SessionItem.jsonKeys, kind: "item"))
                try parser.skipValue(depth: depth)
            }
        }
        return members
    }
}

/// The members of an item's JSON object, each read as JSON but not yet checked against the
/// item's rules: what one pass over an item's text collects, so that a list of items is read
/// without a dictionary or a text per member.
struct ItemMembers {
    var sequence: JSONValue?
    var itemID: JSONValue?
    var createdAt: JSONValue?
    var contentText: JSONValue?
    /// The content object's exact text.
    var content: String?
    /// The first unknown or repeated key, reported once the object is read.
    var problem: SessionStoreError?

    /// Where the value of a scalar member `key` goes; `nil` for `content` and unknown keys.
    static func scalar(_ key: String) -> WritableKeyPath<ItemMembers, JSONValue?>? {
        switch key {
        case "seq": \.sequence
        case "item_id": \.itemID
        case "created_at": \.createdAt
        case "content_text": \.contentText
        default: nil
        }
    }

    /// Keeps `value` as the member `key`, noting a repeat.
    mutating func set(_ path: WritableKeyPath<ItemMembers, JSONValue?>, _ key: String, _ value: JSONValue) {
        if self[keyPath: path] != nil { note(JSONFields.repeatedKey(key)) }
        self[keyPath: path] = value
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
    mutating func itemMembers(depth: Int) throws(JSONSyntaxError) -> ItemMembers {
        var members = ItemMembers()
        try walkObject(depth: depth) { key, parser throws(JSONSyntaxError) in
            if key == "content" {
                members.setContent(try parser.valueText(depth: depth))
            } else if let path = ItemMembers.scalar(key) {
                members.set(path, key, try parser.parseValue(depth: depth))
            } else {
                members.note(JSONFields.unknownKey(key, allowed: SessionItem.jsonKeys, kind: "item"))
                try parser.skipValue(depth: depth)
            }
        }
        return members
    }
}

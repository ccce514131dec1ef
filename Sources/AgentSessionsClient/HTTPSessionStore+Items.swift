public import AgentSessions
import NIOHTTP1

extension HTTPSessionStore {
    @discardableResult
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        guard !items.isEmpty else {
            // Nothing to send; the session must still exist, as in every store.
            _ = try await requireSession(key)
            return []
        }
        var body = #"{"items":["#
        body.reserveCapacity(items.reduce(16) { $0 + $1.content.text.utf8.count + 32 })
        for (offset, item) in items.enumerated() {
            if offset > 0 { body += "," }
            body += #"{"content":"# + item.content.text
            if let itemID = item.itemID { body += #","item_id":"# + JSONValue.string(itemID).jsonText }
            if let tokens = item.tokens { body += #","tokens":"# + String(tokens) }
            if item.isPinned { body += #","pinned":true"# }
            body += "}"
        }
        body += "]}"
        let answer = try await transport.send(
            .POST,
            Self.path(key, "/items"),
            query: [("app", key.app)],
            body: body,
            repetition: .idempotent
        )
        return try answer.elementTexts(of: "sequences").map { text throws(SessionStoreError) in
            try answer.decoded("a list of sequence numbers") { _ throws(SessionStoreError) in
                guard let sequence = try JSONValue(parsing: text, field: "sequences").intValue else {
                    throw .invalid("sequences", "a sequence number is not an integer")
                }
                return sequence
            }
        }
    }

    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try query.validate()
        var parameters = [("app", key.app)]
        if let limit = query.limit { parameters.append(("limit", String(limit))) }
        if let after = query.after { parameters.append(("after", String(after))) }
        let answer = try await transport.send(.GET, Self.path(key, "/items"), query: parameters, repetition: .read)
        return try answer.items()
    }

    public func pinnedItems(of key: SessionKey) async throws -> [SessionItem] {
        try await transport.send(.GET, Self.path(key, "/items/pinned"), query: [("app", key.app)], repetition: .read)
            .items()
    }

    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        let answer = try await transport.send(
            .DELETE,
            Self.path(key, "/items/last"),
            query: [("app", key.app)],
            repetition: .never
        )
        return try answer.decoded("an object with the item") { text throws(SessionStoreError) -> SessionItem? in
            guard let item = try JSONParser.uniqueMemberTexts(of: text, what: "answer")["item"], item != "null"
            else { return nil }
            return try SessionItem(json: item)
        }
    }

    @discardableResult
    public func clearItems(of key: SessionKey) async throws -> Int {
        let answer = try await transport.send(
            .DELETE,
            Self.path(key, "/items"),
            query: [("app", key.app)],
            repetition: .never
        )
        return Int(clamping: try answer.integer("removed"))
    }

    public func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
        var fields: JSONObject = [:]
        fields["through"] = sequence.map(JSONValue.int)
        fields["id"] = newID.map { .string($0.rawValue) }
        do {
            return try await transport.send(
                .POST,
                Self.path(key, "/fork"),
                query: [("app", key.app)],
                body: JSONValue.object(fields).jsonText,
                repetition: .idempotent
            ).session()
        } catch var error as SessionStoreError where error.field == "through" {
            error.field = "sequence"  // the store's name of the API's `through`
            throw error
        }
    }
}

import AgentSessions

extension APITransport.Answer {
    /// Reads the answer with `read`.
    /// - Throws: ``SessionStoreError`` (unavailable) when the answer is not what `read` reads:
    ///   the server is not one this client understands.
    func decoded<T>(_ what: String, _ read: (String) throws(SessionStoreError) -> T) throws(SessionStoreError) -> T {
        do {
            return try read(text)
        } catch {
            throw SessionStoreError(
                .unavailable,
                "the server's answer is not \(what) as this client reads it (\(error.message)); "
                    + "is the server a matching version of agent-sessions?",
                cause: error
            )
        }
    }

    /// The answer as a session.
    func session() throws(SessionStoreError) -> Session {
        try decoded("a session") { text throws(SessionStoreError) in try Session(json: text) }
    }

    /// The answer's object member `key` as an integer.
    func integer(_ key: String) throws(SessionStoreError) -> Int64 {
        try decoded("an object with the integer '\(key)'") { text throws(SessionStoreError) in
            guard let value = try JSONValue(parsing: text, field: "answer").objectValue?[key]?.intValue else {
                throw .invalid(key, "'\(key)' is missing")
            }
            return value
        }
    }

    /// The items of the answer's array member `items`.
    func items() throws(SessionStoreError) -> [SessionItem] {
        try decoded("an object with the array 'items'") { text throws(SessionStoreError) in
            guard let items = try SessionItem.items(ofMember: "items", inObject: text) else {
                throw SessionStoreError.invalid("items", "'items' is missing")
            }
            return items
        }
    }

    /// The `next_cursor` of a page of a listing, or `nil` on the last page.
    func nextCursor() throws(SessionStoreError) -> SessionCursor? {
        try decoded("a page of sessions") { text throws(SessionStoreError) -> SessionCursor? in
            guard let token = try JSONValue(parsing: text, field: "answer").objectValue?["next_cursor"]?.stringValue
            else { return nil }
            return try SessionCursor(token: token)
        }
    }

    /// The JSON texts of the elements of the answer's array member `key`.
    func elementTexts(of key: String) throws(SessionStoreError) -> [String] {
        try decoded("an object with the array '\(key)'") { text throws(SessionStoreError) in
            let elements: [String]?
            do throws(JSONSyntaxError) {
                elements = try JSONParser.elementTexts(ofMember: key, inObject: text)
            } catch {
                throw SessionStoreError.invalid(
                    key,
                    "the answer is not an object with the array '\(key)': \(error.reason)"
                )
            }
            guard let elements else { throw SessionStoreError.invalid(key, "'\(key)' is missing") }
            return elements
        }
    }
}

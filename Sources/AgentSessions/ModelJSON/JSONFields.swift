/// The members of one JSON object (a session or item of the API, a line of an export), read by
/// key with the JSON type each key must have.
package struct JSONFields {
    private let values: JSONObject

    /// Parses each member's text.
    /// - Parameters:
    ///   - texts: The members' JSON texts by key.
    ///   - allowed: The keys this kind of line may have.
    ///   - kind: What the object is, for messages ("session", "item line").
    /// - Throws: ``SessionStoreError`` (invalid argument) for an unknown key.
    package init(_ texts: [String: String], allowed: Set<String>, kind: String) throws(SessionStoreError) {
        var values = JSONObject()
        for (key, text) in texts.sorted(by: { $0.key < $1.key }) {
            guard allowed.contains(key) else { throw Self.unknownKey(key, allowed: allowed, kind: kind) }
            values[key] = try JSONValue(parsing: text, field: key)
        }
        self.values = values
    }

    /// The error for a key that this kind of object does not have.
    package static func unknownKey(_ key: String, allowed: Set<String>, kind: String) -> SessionStoreError {
        .invalid(
            key,
            "unknown key '\(Identifier.printable(key))' in a \(kind); known keys are "
                + allowed.sorted().joined(separator: ", ")
        )
    }

    /// The error for a key given twice.
    package static func repeatedKey(_ key: String) -> SessionStoreError {
        .invalid(key, "the key '\(Identifier.printable(key))' appears twice")
    }

    /// A value, or `nil` when the key is absent or `null`.
    /// - Throws: ``SessionStoreError`` (invalid argument) when `extract` finds no value of its type.
    package func optional<T>(_ key: String, _ what: String, _ extract: (JSONValue) -> T?) throws(SessionStoreError)
        -> T?
    {
        try Self.optional(values[key], key, what, extract)
    }

    /// `value` as `extract` reads it, or `nil` when it is absent or `null`.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `key`) when `extract` finds no
    ///   value of its type.
    package static func optional<T>(
        _ value: JSONValue?,
        _ key: String,
        _ what: String,
        _ extract: (JSONValue) -> T?
    ) throws(SessionStoreError) -> T? {
        guard let value, !value.isNull else { return nil }
        guard let typed = extract(value) else { throw .invalid(key, "'\(key)' must be \(what)") }
        return typed
    }

    /// `value` as `extract` reads it, which must be there.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `key`) when it is absent, `null`
    ///   or of another type.
    package static func required<T>(
        _ value: JSONValue?,
        _ key: String,
        _ what: String,
        _ extract: (JSONValue) -> T?
    ) throws(SessionStoreError) -> T {
        guard let typed = try optional(value, key, what, extract) else {
            throw .invalid(key, "'\(key)' is missing; it must be \(what)")
        }
        return typed
    }

    /// A value that must be there.
    /// - Throws: ``SessionStoreError`` (invalid argument) when it is absent, `null` or of
    ///   another type.
    package func required<T>(_ key: String, _ what: String, _ extract: (JSONValue) -> T?) throws(SessionStoreError) -> T
    {
        try Self.required(values[key], key, what, extract)
    }

    /// A user id or agent name, checked against the id rules; `nil` when absent or `null`.
    package func identifier(_ key: String, what: String) throws(SessionStoreError) -> String? {
        let value = try optional(key, "a string", \.stringValue)
        if let value { try Identifier.validate(value, field: key, what: what, allowsEmpty: true) }
        return value
    }

    /// The app, checked against the id rules.
    package func app() throws(SessionStoreError) -> String {
        let app = try required("app", "a string", \.stringValue)
        try SessionKey.validateApp(app)
        return app
    }

    /// The session kind; persistent when absent.
    package func kind() throws(SessionStoreError) -> SessionKind {
        try optional("kind", "\"persistent\" or \"ephemeral\"") { $0.stringValue.flatMap(SessionKind.init(rawValue:)) }
            ?? .persistent
    }

    /// A list of tags (strings), checked and kept sorted, each once; none when absent.
    package func tags() throws(SessionStoreError) -> [String] {
        let tags = try optional("tags", "an array of strings") { value in
            value.arrayValue.flatMap { values in
                let texts = values.compactMap(\.stringValue)
                return texts.count == values.count ? texts : nil
            }
        }
        return try SessionLabels.tags(tags ?? [])
    }

    /// A count that fits in an `Int`; 0 when absent.
    package func count(_ key: String) throws(SessionStoreError) -> Int {
        try optional(key, "an integer") { $0.intValue.flatMap { Int(exactly: $0) } } ?? 0
    }
}

extension JSONValue {
    /// The time, if this value is ISO 8601 text.
    package var timestamp: Timestamp? { stringValue.flatMap(Timestamp.init(iso8601:)) }
}

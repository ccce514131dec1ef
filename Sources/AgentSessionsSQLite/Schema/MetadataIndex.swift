import AgentSessions

/// The index of one metadata key's string values, for listings filtered on that key
/// (`SQLiteSessionStore.Configuration.Options.indexedMetadataKeys`).
///
/// The index holds, per app, the value of every session whose metadata has the key with a JSON
/// string value; it is partial, so a session without the key (or with another kind of value)
/// has no entry and costs a create nothing but testing the condition. A statement reads along it
/// only when it states ``isText(_:)`` and compares ``value(_:)`` with exactly these texts, which
/// is also what the filter means: the key holds exactly this string.
///
/// The key is written into the SQL as a JSON path `$."key"`, so it is restricted to the id
/// alphabet `A-Z a-z 0-9 . _ : @ -` (1 to 128 characters, not dots only): a quoted path label
/// ends at the first `"` and reads `\` as an escape, and the path is an SQL string literal, so
/// none of `"`, `\` or `'` may appear. The index's name is ``namePrefix`` followed by the key's
/// UTF-8 bytes in hexadecimal, unique per key and a plain SQL name.
///
/// ```swift
/// let index = try MetadataIndex(key: "customer")
/// index.name          // sessions_by_metadata_637573746f6d6572
/// index.value("s.metadata")  // json_extract(s.metadata, '$."customer"')
/// ```
struct MetadataIndex: Hashable, Sendable {
    /// The start of every such index's name; no other index may use it.
    static let namePrefix = "sessions_by_metadata_"

    /// The metadata key.
    let key: String

    /// Makes the index of a key.
    /// - Throws: ``SessionStoreError`` (invalid argument) naming the key and the rule when the
    ///   key is not 1 to 128 characters of `A-Z a-z 0-9 . _ : @ -`, or is dots only.
    init(key: String) throws(SessionStoreError) {
        do throws(SessionStoreError) {
            try Identifier.validate(key, field: Self.field, what: "indexed metadata key", allowsEmpty: false)
        } catch {
            throw .invalid(
                Self.field,
                error.message + "; only such keys can be indexed (a filter on any other key still works, "
                    + "reading each session's metadata)"
            )
        }
        self.key = key
    }

    /// The index a name of ``namePrefix`` made; `nil` for any other name.
    init?(indexName: String) {
        guard indexName.hasPrefix(Self.namePrefix) else { return nil }
        let hex = Array(indexName.utf8.dropFirst(Self.namePrefix.utf8.count))
        guard !hex.isEmpty, hex.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        for offset in stride(from: 0, to: hex.count, by: 2) {
            guard let high = Self.nibble(hex[offset]), let low = Self.nibble(hex[offset + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        // Bytes that are not UTF-8 decode to U+FFFD, which no key holds.
        guard let index = try? MetadataIndex(key: String(decoding: bytes, as: UTF8.self)) else { return nil }
        self = index
    }

    /// The field errors about declared keys name.
    static let field = "indexedMetadataKeys"

    /// The index's name: ``namePrefix`` and the key's bytes in lower-case hexadecimal.
    var name: String {
        Self.namePrefix + String(key.utf8.flatMap { [Self.hexDigits[Int($0 >> 4)], Self.hexDigits[Int($0 & 15)]] })
    }

    private static let hexDigits = Array("0123456789abcdef")

    /// The key's JSON path, as an SQL string literal.
    private var path: String { "'$.\"\(key)\"'" }

    /// The value of the key in the metadata column `column` (such as `s.metadata`): the
    /// expression the index holds.
    func value(_ column: String) -> String { "json_extract(\(column), \(path))" }

    /// Whether the key holds a JSON string in the metadata column `column`: the condition of the
    /// partial index, which a statement must state to read along it.
    func isText(_ column: String) -> String { "json_type(\(column), \(path)) = 'text'" }

    /// Creates the index when missing; SQLite builds it from the sessions already stored.
    var createSQL: String {
        "CREATE INDEX IF NOT EXISTS \"\(name)\" ON sessions (app, \(value("metadata"))) WHERE \(isText("metadata"))"
    }

    /// Counts up to `?3` sessions of an app (`?1`) whose key holds the string `?2`, along the index.
    var countSQL: String {
        """
        SELECT count(*) FROM (SELECT 1 FROM sessions INDEXED BY "\(name)" \
        WHERE app = ?1 AND \(isText("metadata")) AND \(value("metadata")) = ?2 LIMIT ?3)
        """
    }

    /// The value of a lower-case hexadecimal digit (the digits ``name`` writes).
    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

import AgentSessions
import GRDB

/// A session's tags: the `tags` column of `sessions` (a JSON array) and the side table
/// `session_tags` (one row per app, tag and session) that listings by tag read.
///
/// The side table follows the column in the same transaction: ``add(_:to:in:)`` after a
/// session is inserted, ``replace(_:with:of:in:)`` when an update changes its tags, and the
/// statements of ``deleting(ofSessionsWhere:)`` before sessions are deleted.
enum SessionTags {
    /// Adds the side-table rows of tags (`?3`, a JSON array) to a session (`?1` app, `?2` id).
    static let insert = "INSERT INTO session_tags (app, tag, session_id) SELECT ?1, value, ?2 FROM json_each(?3)"

    /// Removes the side-table rows of tags (`?3`, a JSON array) from a session (`?1` app, `?2` id).
    static let delete = """
        DELETE FROM session_tags WHERE app = ?1 AND session_id = ?2 AND tag IN (SELECT value FROM json_each(?3))
        """

    /// The statement that removes the side-table rows of the sessions a condition on the
    /// `sessions` table selects; it runs before those sessions are deleted, with the same
    /// arguments. Each row is removed by its primary key.
    static func deleting(ofSessionsWhere condition: String) -> String {
        """
        DELETE FROM session_tags WHERE (app, tag, session_id) IN (SELECT d.app, t.value, d.id \
        FROM (SELECT app, id, tags FROM sessions WHERE (\(condition)) AND tags <> '\(StoredJSON.emptyArray)') d, \
        json_each(d.tags) t)
        """
    }

    /// The text of the `tags` column: a JSON array of the tags, `[]` for none.
    static func text(_ tags: [String]) -> String {
        tags.isEmpty ? StoredJSON.emptyArray : JSONValue.array(tags.map(JSONValue.string)).jsonText
    }

    /// Reads the `tags` column of a row.
    /// - Throws: ``SessionStoreError`` (corrupted) if the column is not a JSON array of strings.
    static func decode(_ row: ColumnReader, at index: CInt, of id: String) throws(SessionStoreError) -> [String] {
        if row.holds(index, StoredJSON.emptyArray) { return [] }
        let text: String = try row.value(index)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, field: "tags")
        } catch {
            throw StoredJSON.corrupted("tags", of: id, error.message)
        }
        guard case .array(let values) = value else { throw StoredJSON.corrupted("tags", of: id, "it is not an array") }
        return try values.map { value throws(SessionStoreError) in
            guard let tag = value.stringValue else {
                throw StoredJSON.corrupted("tags", of: id, "a tag is not a string")
            }
            return tag
        }
    }

    /// Adds the side-table rows of a new session's tags.
    static func add(_ tags: [String], to key: SessionKey, in db: Database) throws {
        guard !tags.isEmpty else { return }
        try ColumnReader.execute(db.cachedStatement(sql: insert), SQLArgument.key(key) + [.text(text(tags))])
    }

    /// Brings the side-table rows of a session from its old tags to its new ones, touching only
    /// the tags that differ.
    static func replace(_ old: [String], with new: [String], of key: SessionKey, in db: Database) throws {
        guard old != new else { return }
        let removed = old.filter { !new.contains($0) }
        let added = new.filter { !old.contains($0) }
        if !removed.isEmpty {
            try ColumnReader.execute(db.cachedStatement(sql: delete), SQLArgument.key(key) + [.text(text(removed))])
        }
        try add(added, to: key, in: db)
    }
}

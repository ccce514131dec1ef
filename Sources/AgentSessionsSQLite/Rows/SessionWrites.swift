import AgentSessions
import GRDB

/// The statements that write sessions, shared by create, fork, update and the item operations.
/// Each runs inside the caller's write transaction.
enum SessionWrites {
    static let existsSQL = "SELECT 1 FROM sessions WHERE app = ?1 AND id = ?2"

    static let touchSQL = "UPDATE sessions SET version = version + 1, updated_at = ?3 WHERE app = ?1 AND id = ?2"

    /// The session and its descendants (`?1` app, `?2` id); empty if the session is missing.
    static let tree = """
        WITH RECURSIVE tree(id) AS ( \
        SELECT id FROM sessions WHERE app = ?1 AND id = ?2 \
        UNION SELECT s.id FROM sessions s JOIN tree t ON s.app = ?1 AND s.parent_id = t.id)
        """

    static let hasChildren = "SELECT 1 FROM sessions WHERE app = ?1 AND parent_id = ?2 LIMIT 1"
    static let deleteSession = "DELETE FROM sessions WHERE app = ?1 AND id = ?2"
    static let deleteSessionTags = SessionTags.deleting(ofSessionsWhere: "app = ?1 AND id = ?2")
    static let deleteTreeItems = "\(tree) DELETE FROM items WHERE app = ?1 AND session_id IN tree"
    static let uncountTreeItems = StatisticsRows.subtractingItems(
        where: "i.app = ?1 AND i.session_id IN tree",
        prefix: tree
    )
    static let deleteTreeCompactions = "\(tree) DELETE FROM compactions WHERE app = ?1 AND session_id IN tree"
    static let deleteTreeTags = "\(tree) \(SessionTags.deleting(ofSessionsWhere: "app = ?1 AND id IN tree"))"
    static let deleteTreeSessions = "\(tree) DELETE FROM sessions WHERE app = ?1 AND id IN tree"

    /// Inserts a new session with its tags' side-table rows, then merges the shared part of its
    /// initial state.
    /// - Returns: The session as readers see it, with the shared state merged in.
    /// - Throws: ``SessionStoreError``: already exists (the key is taken), not found (the
    ///   parent is missing), in that order.
    static func insert(_ session: Session, shared delta: SharedStateDelta, in db: Database) throws -> Session {
        var stored = StoredSession(new: session)
        let arguments = SessionRow.arguments(
            session,
            state: stored.stateText,
            metadata: stored.metadataText,
            history: stored.historyText
        )
        // No row comes back when the key is taken; the row holds the shared state texts.
        let inserted = try ColumnReader.firstRow(of: db.cachedStatement(sql: SessionRow.insert), arguments) {
            row in
            (app: row.optional(0, String.self), user: row.optional(1, String.self))
        }
        guard let shared = inserted else { throw SessionStoreError.sessionExists(session.key) }
        try SessionTags.add(session.tags, to: session.key, in: db)
        if let parentID = session.parentID, try !exists(SessionKey(parentID, app: session.app), in: db) {
            throw SessionStoreError.parentNotFound(parentID, app: session.app)
        }
        let id = session.id.rawValue
        stored.appState = try SharedState.object(shared.app, column: "app state", of: id)
        stored.userState = try SharedState.object(shared.user, column: "user state", of: id)
        try SharedState.apply(delta, to: &stored, in: db)
        return stored.merged
    }

    /// Writes back a session changed by `update`, and its tags' side-table rows if the tags
    /// changed; texts of unchanged JSON columns are reused.
    static func update(
        _ stored: inout StoredSession,
        to updated: Session,
        changing update: SessionUpdate,
        in db: Database
    ) throws {
        let oldTags = stored.session.tags
        stored.take(updated, changing: update)
        try ColumnReader.execute(
            db.cachedStatement(sql: SessionRow.update),
            SessionRow.arguments(
                stored.session,
                state: stored.stateText,
                metadata: stored.metadataText,
                history: stored.historyText
            )
        )
        try SessionTags.replace(oldTags, with: updated.tags, of: updated.key, in: db)
    }

    /// Whether a session exists.
    static func exists(_ key: SessionKey, in db: Database) throws -> Bool {
        try ColumnReader.firstRow(of: db.cachedStatement(sql: existsSQL), SQLArgument.key(key)) { _ in () } != nil
    }

    /// Records activity: version + 1 and last activity = now.
    /// - Throws: ``SessionStoreError`` (not found).
    static func touch(_ key: SessionKey, now: Timestamp, in db: Database) throws {
        try db.cachedStatement(sql: touchSQL).execute(arguments: [key.app, key.id.rawValue, now.microsecondsSinceEpoch])
        guard db.changesCount == 1 else { throw SessionStoreError.sessionNotFound(key) }
    }

    /// Deletes a session, its items, compactions and tags, and its descendants with theirs.
    /// - Returns: How many sessions were deleted.
    /// - Throws: ``SessionStoreError`` (not found).
    static func deleteTree(_ key: SessionKey, in db: Database) throws -> Int {
        let arguments: StatementArguments = [key.app, key.id.rawValue]
        // Most sessions have no children: then two point deletes do, without the recursive
        // query's temporary tables.
        let isLeaf =
            try ColumnReader.firstRow(of: db.cachedStatement(sql: hasChildren), SQLArgument.key(key)) { _ in () } == nil
        try db.cachedStatement(sql: isLeaf ? ItemRows.uncountCleared : uncountTreeItems).execute(arguments: arguments)
        try db.cachedStatement(sql: isLeaf ? ItemRows.clear : deleteTreeItems).execute(arguments: arguments)
        try db.cachedStatement(sql: isLeaf ? CompactionRows.clear : deleteTreeCompactions).execute(arguments: arguments)
        try db.cachedStatement(sql: isLeaf ? deleteSessionTags : deleteTreeTags).execute(arguments: arguments)
        try db.cachedStatement(sql: isLeaf ? deleteSession : deleteTreeSessions).execute(arguments: arguments)
        let deleted = db.changesCount
        guard deleted > 0 else { throw SessionStoreError.sessionNotFound(key) }
        return deleted
    }
}

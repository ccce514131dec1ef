import AgentSessions
import Logging
import PostgresNIO

/// The column layout of the `sessions` table and the statements that read and write whole
/// sessions.
enum SessionColumns {
    /// The columns of a session's summary (of table alias `s`), in the order
    /// ``decodeSummary(_:app:)`` reads them: the first columns of ``list``. The app is not among
    /// them: every query that reads sessions selects one app.
    static let summaryList = """
        s.id, s.user_id, s.agent_name, s.parent_id, s.kind, s.title, s.tags, s.phase, s.resume_ready, \
        s.created_at, s.updated_at, s.finalized_at, s.outcome, s.error_count, s.version, s.expires_at, \
        s.last_sequence
        """

    /// How many columns ``summaryList`` has.
    static let summaryCount = 17

    /// The columns of a session, in the order ``decode(_:app:)`` reads them: the summary's, then
    /// the JSON texts and the rest.
    static let list = summaryList + ", s.state, s.metadata, s.summary, s.last_error, s.resume_count, s.phase_history"

    /// How many columns ``list`` has.
    static let count = summaryCount + 6

    /// One session by key with the shared state of its app and user, optionally locking the
    /// session's row (`FOR UPDATE`) or sharing it (`FOR SHARE`) until the transaction ends.
    static func select(_ key: SessionKey, _ tables: PostgresTables, lock: String = "") -> PostgresQuery {
        """
        SELECT \(unescaped: list), a.state, u.state FROM \(unescaped: tables.sessions) s \
        LEFT JOIN \(unescaped: tables.appState) a ON a.app = s.app \
        LEFT JOIN \(unescaped: tables.userState) u ON u.app = s.app AND u.user_id = s.user_id \
        WHERE s.app = \(key.app) AND s.id = \(key.id.rawValue) \(unescaped: lock)
        """
    }

    /// Inserts a session unless its key is taken (then no row comes back); returns the shared
    /// state texts of its app and its user.
    static func insert(_ stored: StoredSession, _ tables: PostgresTables) -> PostgresQuery {
        let s = stored.session
        return """
            INSERT INTO \(unescaped: tables.sessions) (app, id, user_id, agent_name, parent_id, kind, phase, \
            resume_ready, state, metadata, title, tags, created_at, updated_at, finalized_at, outcome, summary, \
            error_count, last_error, resume_count, phase_history, version, expires_at, last_sequence) VALUES \
            (\(s.app), \(s.id.rawValue), \(s.userID), \(s.agentName), \(s.parentID?.rawValue), \(s.kind.rawValue), \
            \(s.phase.rawValue), \(s.isResumeReady), \(stored.stateText), \(stored.metadataText), \(s.title), \
            \(s.tags), \(s.createdAt.microsecondsSinceEpoch), \(s.updatedAt.microsecondsSinceEpoch), \
            \(s.finalizedAt?.microsecondsSinceEpoch), \(s.outcome?.rawValue), \(s.summary), \(Int64(s.errorCount)), \
            \(s.lastError), \(Int64(s.resumeCount)), \(stored.historyText), \(s.version), \
            \(s.expiresAt?.microsecondsSinceEpoch), \(s.lastSequence)) ON CONFLICT (app, id) DO NOTHING \
            RETURNING (SELECT state FROM \(unescaped: tables.appState) WHERE app = \(s.app)), \
            (SELECT state FROM \(unescaped: tables.userState) WHERE app = \(s.app) AND user_id = \(s.userID))
            """
    }

    /// Writes back every field an update can change.
    static func update(_ stored: StoredSession, _ tables: PostgresTables) -> PostgresQuery {
        let s = stored.session
        return """
            UPDATE \(unescaped: tables.sessions) SET phase = \(s.phase.rawValue), resume_ready = \(s.isResumeReady), \
            state = \(stored.stateText), metadata = \(stored.metadataText), title = \(s.title), tags = \(s.tags), \
            updated_at = \(s.updatedAt.microsecondsSinceEpoch), finalized_at = \(s.finalizedAt?.microsecondsSinceEpoch), \
            outcome = \(s.outcome?.rawValue), summary = \(s.summary), error_count = \(Int64(s.errorCount)), \
            last_error = \(s.lastError), resume_count = \(Int64(s.resumeCount)), phase_history = \(stored.historyText), \
            version = \(s.version), expires_at = \(s.expiresAt?.microsecondsSinceEpoch), \
            last_sequence = \(s.lastSequence) WHERE app = \(s.app) AND id = \(s.id.rawValue)
            """
    }

    /// Decodes the summary of a row that starts with ``summaryList``, for a listing of
    /// summaries or for ``decode(_:app:)`` to complete into a session.
    /// - Throws: ``SessionStoreError`` (corrupted) for a value that cannot be read back, and
    ///   `PostgresDecodingError` for a column of the wrong type.
    static func decodeSummary(_ row: PostgresRandomAccessRow, app: String) throws -> SessionSummary {
        let id = try row[0].decode(String.self)
        let kindName = try row[4].decode(String.self)
        guard let kind = SessionKind(rawValue: kindName) else {
            throw StoredJSON.corrupted("kind", of: id, "unknown kind '\(kindName)'")
        }
        return SessionSummary(
            id: SessionID(trusted: id),
            app: app,
            userID: try row[1].decode(String.self),
            agentName: try row[2].decode(String.self),
            parentID: try row[3].decode(String?.self).map(SessionID.init(trusted:)),
            kind: kind,
            title: try row[5].decode(String?.self),
            tags: try row[6].decode([String].self),
            phase: Phase(try row[7].decode(String.self)),
            isResumeReady: try row[8].decode(Bool.self),
            createdAt: Timestamp(microsecondsSinceEpoch: try row[9].decode(Int64.self)),
            updatedAt: Timestamp(microsecondsSinceEpoch: try row[10].decode(Int64.self)),
            finalizedAt: try row[11].decode(Int64?.self).map(Timestamp.init(microsecondsSinceEpoch:)),
            outcome: try row[12].decode(String?.self).map { Phase($0) },
            errorCount: Int(try row[13].decode(Int64.self)),
            version: try row[14].decode(Int64.self),
            expiresAt: try row[15].decode(Int64?.self).map(Timestamp.init(microsecondsSinceEpoch:)),
            lastSequence: try row[16].decode(Int64.self)
        )
    }

    /// Decodes a row that starts with ``list``, with its own state only.
    /// - Throws: ``SessionStoreError`` (corrupted) for a value that cannot be read back, and
    ///   `PostgresDecodingError` for a column of the wrong type.
    static func decode(_ row: PostgresRandomAccessRow, app: String) throws -> StoredSession {
        var session = Session(try decodeSummary(row, app: app))
        let id = session.id.rawValue
        let stateText = try row[summaryCount].decode(String.self)
        let metadataText = try row[summaryCount + 1].decode(String.self)
        let historyText = try row[summaryCount + 5].decode(String.self)
        session.state = try StoredJSON.object(stateText, column: "state", of: id)
        session.metadata = try StoredJSON.object(metadataText, column: "metadata", of: id)
        session.summary = try row[summaryCount + 2].decode(String?.self)
        session.lastError = try row[summaryCount + 3].decode(String?.self)
        session.resumeCount = Int(try row[summaryCount + 4].decode(Int64.self))
        session.phaseHistory = try StoredJSON.history(historyText, of: id)
        return StoredSession(
            session: session,
            stateText: stateText,
            metadataText: metadataText,
            historyText: historyText,
            appState: nil,
            userState: nil
        )
    }

    /// Reads one session by key with its shared state, or `nil`.
    static func fetch(
        _ key: SessionKey,
        _ tables: PostgresTables,
        lock: String = "",
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> StoredSession? {
        let rows = try await connection.query(select(key, tables, lock: lock), logger: logger)
        for try await row in rows {
            let row = row.makeRandomAccess()
            var stored = try decode(row, app: key.app)
            let id = key.id.rawValue
            stored.appState = try sharedObject(row[count].decode(String?.self), column: "app state", of: id)
            stored.userState = try sharedObject(row[count + 1].decode(String?.self), column: "user state", of: id)
            return stored
        }
        return nil
    }

    /// Reads one session by key.
    /// - Throws: ``SessionStoreError`` (not found).
    static func require(
        _ key: SessionKey,
        _ tables: PostgresTables,
        lock: String = "",
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> StoredSession {
        guard let stored = try await fetch(key, tables, lock: lock, on: connection, logger: logger) else {
            throw SessionStoreError.sessionNotFound(key)
        }
        return stored
    }

    /// Parses a shared-state text; `nil` stays `nil`.
    static func sharedObject(_ text: String?, column: String, of id: String) throws(SessionStoreError) -> JSONObject? {
        guard let text else { return nil }
        return try StoredJSON.object(text, column: column, of: id)
    }
}

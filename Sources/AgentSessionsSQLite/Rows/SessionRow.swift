import AgentSessions
import GRDB

/// The SQL and the column layout of the `sessions` table.
enum SessionRow {
    /// The columns of a session's summary (of table alias `s`), in the order
    /// ``decodeSummary(_:app:)`` reads them: what a listing of summaries selects, and the
    /// first columns of ``columns``.
    static let summaryColumns = """
        s.id, s.user_id, s.agent_name, s.parent_id, s.kind, s.title, s.tags, s.phase, s.resume_ready, \
        s.created_at, s.updated_at, s.finalized_at, s.outcome, s.error_count, s.version, s.expires_at, s.last_sequence
        """

    /// The columns of a session (of table alias `s`), in the order ``decode(_:app:)`` reads them:
    /// ``summaryColumns``, then the JSON columns and the rest. The app is not among them: every
    /// query that reads sessions selects one app.
    static let columns = """
        \(summaryColumns), s.state, s.metadata, s.summary, s.last_error, s.resume_count, s.phase_history
        """

    /// How many columns ``columns`` has.
    static let columnCount: CInt = 23

    /// One session by key (`?1` app, `?2` id), then the shared state of its app and its user.
    static let selectByKey = """
        SELECT \(columns), a.state, u.state FROM sessions s LEFT JOIN app_state a ON a.app = s.app \
        LEFT JOIN user_state u ON u.app = s.app AND u.user_id = s.user_id WHERE s.app = ?1 AND s.id = ?2
        """

    /// Inserts a session unless its key is taken (then nothing changes and no row comes back);
    /// returns the shared state texts of its app and its user.
    static let insert = """
        INSERT INTO sessions (app, id, user_id, agent_name, parent_id, kind, phase, resume_ready, state, metadata, \
        created_at, updated_at, finalized_at, outcome, summary, error_count, last_error, resume_count, phase_history, \
        version, expires_at, last_sequence, title, tags) \
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, \
        ?24) \
        ON CONFLICT (app, id) DO NOTHING \
        RETURNING (SELECT state FROM app_state WHERE app = ?1), \
        (SELECT state FROM user_state WHERE app = ?1 AND user_id = ?3)
        """

    /// Writes back every field an update can change, with the arguments of ``arguments(_:state:metadata:history:)``.
    static let update = """
        UPDATE sessions SET phase = ?7, resume_ready = ?8, state = ?9, metadata = ?10, updated_at = ?12, \
        finalized_at = ?13, outcome = ?14, summary = ?15, error_count = ?16, last_error = ?17, resume_count = ?18, \
        phase_history = ?19, version = ?20, expires_at = ?21, last_sequence = ?22, title = ?23, tags = ?24 \
        WHERE app = ?1 AND id = ?2
        """

    /// The 24 arguments of ``insert`` and ``update``.
    static func arguments(_ session: Session, state: String, metadata: String, history: String) -> [SQLArgument] {
        [
            .text(session.app), .text(session.id.rawValue), .text(session.userID), .text(session.agentName),
            .optionalText(session.parentID?.rawValue), .text(session.kind.rawValue), .text(session.phase.rawValue),
            .integer(session.isResumeReady ? 1 : 0), .text(state), .text(metadata),
            .integer(session.createdAt.microsecondsSinceEpoch), .integer(session.updatedAt.microsecondsSinceEpoch),
            .optionalInteger(session.finalizedAt?.microsecondsSinceEpoch), .optionalText(session.outcome?.rawValue),
            .optionalText(session.summary), .integer(Int64(session.errorCount)), .optionalText(session.lastError),
            .integer(Int64(session.resumeCount)), .text(history), .integer(session.version),
            .optionalInteger(session.expiresAt?.microsecondsSinceEpoch), .integer(session.lastSequence),
            .optionalText(session.title), .text(SessionTags.text(session.tags)),
        ]
    }

    /// Decodes a row that starts with ``columns``, without its shared state.
    /// - Throws: ``SessionStoreError`` (corrupted) for a value that cannot be read back.
    static func decode(_ row: ColumnReader, app: String) throws(SessionStoreError) -> StoredSession {
        let (session, stateText, metadataText, historyText) = try decodeWithTexts(row, app: app)
        return StoredSession(
            session: session,
            stateText: stateText,
            metadataText: metadataText,
            historyText: historyText,
            appState: nil,
            userState: nil
        )
    }

    /// Decodes the session of a row that starts with ``columns``, with its own state only.
    /// - Throws: ``SessionStoreError`` (corrupted) for a value that cannot be read back.
    static func decodeSession(_ row: ColumnReader, app: String) throws(SessionStoreError) -> Session {
        try decodeWithTexts(row, app: app).session
    }

    /// Decodes the summary of a row that starts with ``summaryColumns``. The kind is
    /// recognised from its bytes.
    /// - Throws: ``SessionStoreError`` (corrupted) for a value that cannot be read back.
    static func decodeSummary(_ row: ColumnReader, app: String) throws(SessionStoreError) -> SessionSummary {
        let id: String = try row.value(0)
        guard let kind = SessionKind.allCases.first(where: { row.holds(4, $0.rawValue) }) else {
            throw StoredJSON.corrupted("kind", of: id, "unknown kind '\(row.optional(4, String.self) ?? "")'")
        }
        return SessionSummary(
            id: SessionID(trusted: id),
            app: app,
            userID: try row.value(1),
            agentName: try row.value(2),
            parentID: row.optional(3, String.self).map(SessionID.init(trusted:)),
            kind: kind,
            title: row.optional(5),
            tags: try SessionTags.decode(row, at: 6, of: id),
            phase: Phase(try row.value(7, String.self)),
            isResumeReady: try row.value(8, Int64.self) != 0,
            createdAt: Timestamp(microsecondsSinceEpoch: try row.value(9)),
            updatedAt: Timestamp(microsecondsSinceEpoch: try row.value(10)),
            finalizedAt: row.optional(11, Int64.self).map(Timestamp.init(microsecondsSinceEpoch:)),
            outcome: row.optional(12, String.self).map { Phase($0) },
            errorCount: try row.value(13),
            version: try row.value(14),
            expiresAt: row.optional(15, Int64.self).map(Timestamp.init(microsecondsSinceEpoch:)),
            lastSequence: try row.value(16)
        )
    }

    /// Decodes a row that starts with ``columns``; the empty JSON forms are recognised from
    /// their bytes, without making strings of them.
    private static func decodeWithTexts(
        _ row: ColumnReader,
        app: String
    ) throws(SessionStoreError) -> (session: Session, state: String, metadata: String, history: String) {
        var session = Session(try decodeSummary(row, app: app))
        let id = session.id.rawValue
        let stateText = row.holds(17, StoredJSON.emptyObject) ? StoredJSON.emptyObject : try row.value(17)
        let metadataText = row.holds(18, StoredJSON.emptyObject) ? StoredJSON.emptyObject : try row.value(18)
        let historyText = row.holds(22, StoredJSON.emptyArray) ? StoredJSON.emptyArray : try row.value(22)
        session.state = try StoredJSON.object(stateText, column: "state", of: id)
        session.metadata = try StoredJSON.object(metadataText, column: "metadata", of: id)
        session.summary = row.optional(19)
        session.lastError = row.optional(20)
        session.resumeCount = try row.value(21)
        session.phaseHistory = try StoredJSON.history(historyText, of: id)
        return (session, stateText, metadataText, historyText)
    }

    /// Reads one session by key, or `nil`.
    static func fetch(_ key: SessionKey, in db: Database) throws -> StoredSession? {
        try ColumnReader.firstRow(of: db.cachedStatement(sql: selectByKey), SQLArgument.key(key)) { row in
            var stored = try decode(row, app: key.app)
            let id = stored.session.id.rawValue
            stored.appState = try SharedState.object(row.optional(columnCount), column: "app state", of: id)
            stored.userState = try SharedState.object(row.optional(columnCount + 1), column: "user state", of: id)
            return stored
        }
    }

    /// Reads one session by key.
    /// - Throws: ``SessionStoreError`` (not found).
    static func require(_ key: SessionKey, in db: Database) throws -> StoredSession {
        guard let stored = try fetch(key, in: db) else { throw SessionStoreError.sessionNotFound(key) }
        return stored
    }
}

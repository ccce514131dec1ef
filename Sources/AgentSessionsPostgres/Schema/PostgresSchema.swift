import AgentSessions
import Logging
import PostgresNIO

/// The database schema, as named migration steps recorded in the `schema_migrations` table.
///
/// A step is never edited once it has shipped: a change to the schema is a new step (`v2`, …)
/// appended to ``steps``. A schema that records a step this code does not know was written by
/// a newer AgentSessions and is refused.
enum PostgresSchema {
    /// One migration step: its name and its statements, run in order in one transaction.
    struct Step: Sendable {
        let name: String
        let statements: @Sendable (PostgresTables) -> [PostgresQuery]
    }

    /// Every step, in order.
    static let steps: [Step] = [
        Step(name: "v1", statements: version1),
        Step(name: "v2", statements: version2),
        Step(name: "v3", statements: version3),
        Step(name: "v4", statements: version4),
        Step(name: "v5", statements: version5),
        Step(name: "v6", statements: version6),
        Step(name: "v7", statements: version7),
        Step(name: "v8", statements: version8),
        Step(name: "v9", statements: version9),
        Step(name: "v10", statements: version10),
    ]

    /// Brings the schema up to date in one transaction, under an advisory lock on the schema's
    /// name, so that servers starting together migrate it once.
    /// - Parameter known: The steps this code knows, in order. Defaults to ``steps``; tests
    ///   give a prefix to make a schema as an earlier version left it.
    /// - Throws: ``SessionStoreError`` (incompatible schema) if a newer AgentSessions wrote it;
    ///   driver errors as they are (the caller wraps them).
    static func prepare(
        _ tables: PostgresTables,
        steps known: [Step] = steps,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            let lockName = "agent-sessions:" + tables.schemaName
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lockName)))", logger: logger)
            try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: tables.schema)", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS \(unescaped: tables.migrations) \
                (step TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """,
                logger: logger
            )
            var applied: Set<String> = []
            for try await (step) in try await connection.query(
                "SELECT step FROM \(unescaped: tables.migrations)",
                logger: logger
            ).decode(String.self) {
                applied.insert(step)
            }
            let unknown = applied.subtracting(known.map(\.name)).sorted()
            guard unknown.isEmpty else {
                // Thrown inside the transaction: the schema and table it may have created roll back.
                throw SessionStoreError.newerSchema(
                    "the PostgreSQL schema '\(tables.schemaName)'",
                    unknownSteps: unknown,
                    alternative: "another schema"
                )
            }
            for step in known where !applied.contains(step.name) {
                for statement in step.statements(tables) {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query(
                    "INSERT INTO \(unescaped: tables.migrations) (step) VALUES (\(step.name))",
                    logger: logger
                )
                logger.info("applied a schema step", metadata: [PostgresLogKey.schemaStep: "\(step.name)"])
            }
        }
    }

    /// The first schema, as the SQLite store's: times are whole microseconds since 1970
    /// (`BIGINT`); state, metadata, the phase history and items are JSON text, kept byte for
    /// byte. Keys compare by bytes (`COLLATE "C"`), so listings order ids as every store does.
    /// Items go with their session (`ON DELETE CASCADE`).
    @Sendable
    static func version1(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            """
            CREATE TABLE \(unescaped: tables.sessions) (
                app TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                user_id TEXT COLLATE "C" NOT NULL,
                agent_name TEXT COLLATE "C" NOT NULL,
                parent_id TEXT COLLATE "C",
                kind TEXT NOT NULL,
                phase TEXT COLLATE "C" NOT NULL,
                resume_ready BOOLEAN NOT NULL,
                state TEXT NOT NULL,
                metadata TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                finalized_at BIGINT,
                outcome TEXT COLLATE "C",
                summary TEXT,
                error_count BIGINT NOT NULL,
                last_error TEXT,
                resume_count BIGINT NOT NULL,
                phase_history TEXT NOT NULL,
                version BIGINT NOT NULL,
                expires_at BIGINT,
                last_sequence BIGINT NOT NULL,
                PRIMARY KEY (app, id)
            )
            """,
            "CREATE INDEX sessions_by_user ON \(unescaped: tables.sessions) (app, user_id, updated_at DESC, id)",
            "CREATE INDEX sessions_by_activity ON \(unescaped: tables.sessions) (app, updated_at DESC, id)",
            """
            CREATE INDEX sessions_by_parent ON \(unescaped: tables.sessions) (app, parent_id, updated_at DESC, id) \
            WHERE parent_id IS NOT NULL
            """,
            "CREATE INDEX sessions_by_expiry ON \(unescaped: tables.sessions) (expires_at) WHERE expires_at IS NOT NULL",
            """
            CREATE TABLE \(unescaped: tables.items) (
                app TEXT COLLATE "C" NOT NULL,
                session_id TEXT COLLATE "C" NOT NULL,
                seq BIGINT NOT NULL,
                item_id TEXT COLLATE "C",
                created_at BIGINT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (app, session_id, seq),
                FOREIGN KEY (app, session_id) REFERENCES \(unescaped: tables.sessions) (app, id) ON DELETE CASCADE
            )
            """,
            """
            CREATE UNIQUE INDEX items_by_item_id ON \(unescaped: tables.items) (app, session_id, item_id) \
            WHERE item_id IS NOT NULL
            """,
            "CREATE TABLE \(unescaped: tables.appState) (app TEXT COLLATE \"C\" PRIMARY KEY, state TEXT NOT NULL)",
            """
            CREATE TABLE \(unescaped: tables.userState) (
                app TEXT COLLATE "C" NOT NULL,
                user_id TEXT COLLATE "C" NOT NULL,
                state TEXT NOT NULL,
                PRIMARY KEY (app, user_id)
            )
            """,
        ]
    }

    /// v2: every change of a session row (create, update, delete; appends, pops and clears
    /// update the row too) sends `NOTIFY <schema name>, '<app>/<id>'` at commit, so that servers
    /// sharing the database learn of each other's writes (live events, cached agents).
    static func version2(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            """
            CREATE FUNCTION \(unescaped: tables.notifyFunction)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    PERFORM pg_notify('\(unescaped: tables.changeChannel)', OLD.app || '/' || OLD.id);
                ELSE
                    PERFORM pg_notify('\(unescaped: tables.changeChannel)', NEW.app || '/' || NEW.id);
                END IF;
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER sessions_changed AFTER INSERT OR UPDATE OR DELETE ON \(unescaped: tables.sessions) \
            FOR EACH ROW EXECUTE FUNCTION \(unescaped: tables.notifyFunction)()
            """,
        ]
    }

    /// v3: the answers of `Idempotency-Key` requests, shared by every server on the database,
    /// one row per (app, key), as the SQLite store's: a row without `status` is a claim whose
    /// request is running; `expires_at` is when the row stops counting (the claim timeout for a
    /// claim, the replay window for an answer), and its index serves the removal of old rows.
    static func version3(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            """
            CREATE TABLE \(unescaped: tables.idempotencyKeys) (
                app TEXT COLLATE "C" NOT NULL,
                key TEXT COLLATE "C" NOT NULL,
                fingerprint TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                status INTEGER,
                headers TEXT,
                body BYTEA,
                PRIMARY KEY (app, key)
            )
            """,
            "CREATE INDEX idempotency_keys_by_expiry ON \(unescaped: tables.idempotencyKeys) (expires_at)",
        ]
    }

    /// v4: a session's title and tags (listings filter by tags with `tags @> …`, which the GIN
    /// index serves), and the index of listings by creation time, as `sessions_by_activity` is
    /// for last activity. Rows of earlier versions get no title and no tags. Building the
    /// indexes blocks writes to the sessions table for as long as that takes.
    static func version4(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            """
            ALTER TABLE \(unescaped: tables.sessions) ADD COLUMN title TEXT, \
            ADD COLUMN tags TEXT[] COLLATE "C" NOT NULL DEFAULT '{}'
            """,
            "CREATE INDEX sessions_by_tags ON \(unescaped: tables.sessions) USING gin (tags)",
            "CREATE INDEX sessions_by_creation ON \(unescaped: tables.sessions) (app, created_at DESC, id)",
        ]
    }

    /// v5: the compactions of sessions' items, one row per (app, session_id, number), as items
    /// are keyed: the range they stand for, the summary as JSON text kept byte for byte, the
    /// author as JSON text (`{"kind": "caller"}` or a summarizer's agent and model), the time
    /// in microseconds since 1970 and the token counts. Compactions go with their session
    /// (`ON DELETE CASCADE`). Sessions of earlier versions have none.
    static func version5(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            """
            CREATE TABLE \(unescaped: tables.compactions) (
                app TEXT COLLATE "C" NOT NULL,
                session_id TEXT COLLATE "C" NOT NULL,
                number BIGINT NOT NULL,
                first_seq BIGINT NOT NULL,
                last_seq BIGINT NOT NULL,
                summary TEXT NOT NULL,
                author TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                tokens_before BIGINT NOT NULL,
                tokens_after BIGINT NOT NULL,
                PRIMARY KEY (app, session_id, number),
                FOREIGN KEY (app, session_id) REFERENCES \(unescaped: tables.sessions) (app, id) ON DELETE CASCADE
            )
            """
        ]
    }

    /// v6: an item's token count as its caller gave it, `NULL` when it gave none (the count is
    /// then estimated when it is needed), and whether it is pinned (`true`, else `NULL`). Items of
    /// earlier versions read as uncounted and unpinned. The partial index `items_pinned` holds
    /// the pinned items alone, for the model's view.
    static func version6(_ tables: PostgresTables) -> [PostgresQuery] {
        [
            "ALTER TABLE \(unescaped: tables.items) ADD COLUMN tokens BIGINT, ADD COLUMN pinned BOOLEAN",
            """
            CREATE INDEX items_pinned ON \(unescaped: tables.items) (app, session_id, seq) \
            WHERE pinned IS NOT NULL
            """,
        ]
    }
}

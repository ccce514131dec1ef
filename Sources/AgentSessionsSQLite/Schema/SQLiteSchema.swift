import AgentSessions
import GRDB

/// The database schema, as named migration steps.
///
/// A step is never edited once it has shipped: a change to the schema is a new step (`v2`, …)
/// appended to ``migrator``. A database that records a step this code does not know was
/// written by a newer AgentSessions and is refused.
enum SQLiteSchema {
    /// Every step, in order.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: version1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: version2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: version3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: version4)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: version5)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: version6)
        }
        migrator.registerMigration("v7") { db in
            try db.execute(sql: version7)
        }
        migrator.registerMigration("v8") { db in
            try db.execute(sql: version8)
        }
        return migrator
    }()

    /// Brings a database up to the current schema.
    /// - Throws: ``SessionStoreError`` (incompatible schema) if a newer AgentSessions wrote it;
    ///   database errors as they are (the caller wraps them).
    static func prepare(_ writer: any DatabaseWriter, describedAs location: String) throws {
        try refuseUnknown(try writer.read { db in try migrator.appliedIdentifiers(db) }, describedAs: location)
        try migrator.migrate(writer)
    }

    /// The first schema.
    ///
    /// Times are whole microseconds since 1970 (INTEGER); state, metadata and the phase history
    /// are JSON text. The indexes serve, in order: listing by user, by app (newest activity first,
    /// ties by id; also clean-up of idle sessions, app by app) and by parent (and the recursive
    /// delete), clean-up of expired sessions, and item-id lookups for safe retries. No index
    /// holds `updated_at` alone: every append changes it, and each index costs every append.
    static let version1 = """
        CREATE TABLE sessions (
            app TEXT NOT NULL,
            id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            agent_name TEXT NOT NULL,
            parent_id TEXT,
            kind TEXT NOT NULL,
            phase TEXT NOT NULL,
            resume_ready INTEGER NOT NULL,
            state TEXT NOT NULL,
            metadata TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            finalized_at INTEGER,
            outcome TEXT,
            summary TEXT,
            error_count INTEGER NOT NULL,
            last_error TEXT,
            resume_count INTEGER NOT NULL,
            phase_history TEXT NOT NULL,
            version INTEGER NOT NULL,
            expires_at INTEGER,
            last_sequence INTEGER NOT NULL,
            PRIMARY KEY (app, id)
        );
        CREATE INDEX sessions_by_user ON sessions (app, user_id, updated_at DESC, id);
        CREATE INDEX sessions_by_activity ON sessions (app, updated_at DESC, id);
        CREATE INDEX sessions_by_parent ON sessions (app, parent_id, updated_at DESC, id) WHERE parent_id IS NOT NULL;
        CREATE INDEX sessions_by_expiry ON sessions (expires_at) WHERE expires_at IS NOT NULL;

        CREATE TABLE items (
            app TEXT NOT NULL,
            session_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            item_id TEXT,
            created_at INTEGER NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (app, session_id, seq)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX items_by_item_id ON items (app, session_id, item_id) WHERE item_id IS NOT NULL;

        CREATE TABLE app_state (
            app TEXT NOT NULL PRIMARY KEY,
            state TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE user_state (
            app TEXT NOT NULL,
            user_id TEXT NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (app, user_id)
        ) WITHOUT ROWID;
        """

    /// v2: the answers of `Idempotency-Key` requests, one row per (app, key). A row without
    /// `status` is a claim whose request is running; `expires_at` (microseconds since 1970) is
    /// when the row stops counting: the claim timeout for a claim, the replay window for an
    /// answer. Its index serves the removal of rows past that time. Bodies may be large (a
    /// session's state), so the table keeps its rowid.
    static let version2 = """
        CREATE TABLE idempotency_keys (
            app TEXT NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            status INTEGER,
            headers TEXT,
            body BLOB,
            PRIMARY KEY (app, key)
        );
        CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
        """

    /// The index of listings by a phase that few of an app's sessions are in
    /// (``ListingSQL/path(for:in:)``). It leaves out `updated_at`, so an append (which changes
    /// only `updated_at`, `version` and `last_sequence`) never writes it, and it leaves out the
    /// sessions in `initializing`, the phase sessions are created in, so a create does not
    /// write it either: each index a create writes adds a page to every create's commit (three
    /// such indexes halved the creates per second of the benchmark's W1).
    static let version3 = """
        CREATE INDEX sessions_by_phase ON sessions (app, phase) WHERE \(sessionsByPhaseCondition);
        """

    /// The condition of the partial index `sessions_by_phase`, which a statement must state to
    /// read along it. Spelled out, not taken from `Phase`, because a migration must not change.
    static let sessionsByPhaseCondition = "phase <> 'initializing'"

    /// v4: a session's title and tags (issue 17), and listings by creation time.
    ///
    /// `tags` holds the sorted tags as a JSON array (`[]` for none), which every read decodes;
    /// sessions made by earlier versions get no title and no tags. `session_tags` holds one row
    /// per (app, tag, session) for listings by tag: it is written in the transaction of every
    /// write that sets tags and cleared in the transaction of every delete (``SessionTags``).
    /// No index holds the creation time: one more index entry on every create cost W1 a quarter
    /// of its creates per second (65% of the limit down to 47%), so a listing by creation time
    /// sorts the sessions it selects.
    static let version4 = """
        ALTER TABLE sessions ADD COLUMN title TEXT;
        ALTER TABLE sessions ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE session_tags (
            app TEXT NOT NULL,
            tag TEXT NOT NULL,
            session_id TEXT NOT NULL,
            PRIMARY KEY (app, tag, session_id)
        ) WITHOUT ROWID;
        """

    /// v5: the index of listings by an agent that few of an app's sessions have
    /// (``ListingSQL/path(for:metadataIndexes:in:)``, issue 17).
    ///
    /// It is partial: a session without an agent (`agent_name` empty) has no entry, so a create
    /// without an agent (the benchmark's W1) writes nothing more. A create, fork or restore of a
    /// session with an agent writes one index entry more, and so one more page in its commit: for
    /// creates alone, about what ``version4`` says a creation-time index would cost (up to a
    /// quarter of the creates per second). It leaves out `updated_at`, and no statement but the
    /// insert and the delete sets `agent_name`, so appends and updates never write it. The step
    /// builds it from the sessions already stored, reading each once.
    static let version5 = """
        CREATE INDEX sessions_by_agent ON sessions (app, agent_name) WHERE \(sessionsByAgentCondition);
        """

    /// The condition of the partial index `sessions_by_agent`, which a statement must state to
    /// read along it.
    static let sessionsByAgentCondition = "agent_name <> ''"

    /// v6: a session's compactions (issue 19), summaries that stand for ranges of its items in
    /// the model's view, one row per (app, session, number) (``CompactionRows``).
    ///
    /// `summary` is the summary's JSON text byte for byte, `author` the JSON text of the author,
    /// `created_at` microseconds since 1970. The table is `WITHOUT ROWID`, like `items`, so the
    /// compactions of one session are one range of the primary key, read in number order.
    /// Creates, appends and item reads never touch it. The writes that remove a session's items
    /// (clear, delete, clean-up) remove its compactions in the same transaction, and a fork
    /// copies the compactions that stand only for copied items. Sessions made by earlier versions
    /// have no compactions.
    static let version6 = """
        CREATE TABLE compactions (
            app TEXT NOT NULL,
            session_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL,
            summary TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            tokens_before INTEGER NOT NULL,
            tokens_after INTEGER NOT NULL,
            PRIMARY KEY (app, session_id, number)
        ) WITHOUT ROWID;
        """

    /// v7: an item's token count as its caller gave it (issue 19), `NULL` when it gave none
    /// (the count is then estimated when it is needed), and whether it is pinned (`1`, else
    /// `NULL`). The columns are last, so an item without a count or a pin costs two bytes of
    /// the row's header; items stored by earlier versions read as uncounted and unpinned. The
    /// partial index `items_pinned` holds the pinned items alone: the model's view finds those a
    /// summary stands for with one probe, and unpinned items cost it nothing.
    static let version7 = """
        ALTER TABLE items ADD COLUMN tokens INTEGER;
        ALTER TABLE items ADD COLUMN pinned INTEGER;
        CREATE INDEX items_pinned ON items (app, session_id, seq) WHERE pinned IS NOT NULL;
        """
}

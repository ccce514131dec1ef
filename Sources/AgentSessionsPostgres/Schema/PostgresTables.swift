import AgentSessions

/// The qualified names of the store's tables in its schema, ready to be put into a
/// `PostgresQuery` with `\(unescaped:)`.
///
/// The schema name is checked once, when the store is made: lowercase letters, digits and
/// underscores, starting with a letter or an underscore, at most 63 characters. So a name
/// quoted here never needs escaping, and no other text is ever put into SQL unescaped.
struct PostgresTables: Sendable {
    /// The schema, quoted: `"agent_sessions"`.
    let schema: String
    let sessions: String
    let items: String
    let appState: String
    let userState: String
    let migrations: String
    /// The answers of `Idempotency-Key` requests (migration v3).
    let idempotencyKeys: String
    /// The compactions of sessions' items (migration v5).
    let compactions: String
    /// The kept statistics (migration v7).
    let statistics: String
    /// The schema's plain name, as a bound value (for the advisory lock of migrations).
    let schemaName: String
    /// The trigger function that announces changed sessions (migration v2).
    let notifyFunction: String
    /// The function of a session's metadata text that the metadata index holds (migration v9).
    let searchableMetadataFunction: String
    /// The `LISTEN`/`NOTIFY` channel of changed sessions: the schema's plain name (channels
    /// and schemas are separate namespaces, and a plain name is a valid channel).
    let changeChannel: String

    /// The names in a schema.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a schema name that is not a
    ///   plain lowercase identifier.
    init(schema name: String) throws(SessionStoreError) {
        let isPlain =
            !name.isEmpty && name.utf8.count <= 63
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
            && !(name.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true)
        guard isPlain else {
            throw SessionStoreError(
                .invalidArgument,
                "the PostgreSQL schema name '\(name)' is not usable: use 1 to 63 lowercase letters, digits and "
                    + "underscores, starting with a letter or an underscore",
                field: "schema"
            )
        }
        schemaName = name
        schema = "\"\(name)\""
        sessions = "\(schema).sessions"
        items = "\(schema).items"
        appState = "\(schema).app_state"
        userState = "\(schema).user_state"
        migrations = "\(schema).schema_migrations"
        idempotencyKeys = "\(schema).idempotency_keys"
        compactions = "\(schema).compactions"
        statistics = "\(schema).statistics"
        notifyFunction = "\(schema).notify_session_change"
        searchableMetadataFunction = "\(schema).searchable_metadata"
        changeChannel = name
    }
}

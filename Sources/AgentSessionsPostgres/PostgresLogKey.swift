/// The metadata keys of the store's log messages, declared once.
enum PostgresLogKey {
    /// The name of a schema migration step.
    static let schemaStep = "postgres.schema.step"
    /// The schema the store uses.
    static let schema = "postgres.schema"
    /// The server and login of a store with a pool of its own, without the password.
    static let endpoint = "postgres.endpoint"
}

/// What an agent remembers between requests, and where (seed 003's `session_memory`).
///
/// | `type` | `database_path` | where the conversation lives |
/// |---|---|---|
/// | `sqlite` (the default) | none | the server's own store (the SQLite file of `serve`, or its file store): durable, visible to every `/v1/sessions` route |
/// | `sqlite` | a path | a SQLite file of its own at that path (relative to the agents file's folder): durable, but not visible to the `/v1/sessions` routes |
/// | `memory` | — | the server process's memory: lost when it stops |
/// | `none`, or `enabled: false` | — | nowhere: each message is answered on its own |
public struct SessionMemory: Hashable, Sendable {
    /// Where a conversation is kept.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A SQLite database: the server's store, or a file of its own.
        case sqlite
        /// The process's memory.
        case memory
        /// Nowhere.
        case none
    }

    /// Where the conversation is kept. Defaults to ``Kind/sqlite``.
    public var kind: Kind
    /// For ``Kind/sqlite``: a database file of the agent's own; `nil` means the server's store.
    /// Defaults to `nil`.
    public var databasePath: String?

    /// Describes a memory.
    /// - Parameters:
    ///   - kind: Where the conversation is kept. Defaults to ``Kind/sqlite``.
    ///   - databasePath: A database file of the agent's own. Defaults to `nil`.
    public init(kind: Kind = .sqlite, databasePath: String? = nil) {
        self.kind = kind
        self.databasePath = kind == .sqlite ? databasePath : nil
    }

    /// Whether the agent keeps anything between requests.
    public var isEnabled: Bool { kind != .none }
}

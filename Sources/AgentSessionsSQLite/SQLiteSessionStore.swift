public import AgentSessions
import GRDB

/// A `SessionStore` in one SQLite file: the embedded default backend.
///
/// The file is opened with GRDB in WAL mode: one writer connection, and a pool of reader
/// connections that read while the writer writes. Every operation is one transaction (an
/// append of many items too), so it happens completely or not at all; writes are serialised
/// by the writer, which makes two creates of one id give one success and one
/// `SessionStoreError/Code/alreadyExists`, and concurrent appends never lose, duplicate or
/// skip a sequence number.
///
/// With the default ``Configuration/Options-swift.struct/synchronous`` level
/// (``Configuration/Options-swift.struct/Synchronous-swift.enum/normal``), every acknowledged
/// write survives a crash of the process; choose
/// ``Configuration/Options-swift.struct/Synchronous-swift.enum/full`` to also survive a power
/// loss.
///
/// The schema is versioned with named migration steps, applied when the store opens a file;
/// a file written by a newer AgentSessions is refused with
/// `SessionStoreError/Code/incompatibleSchema`.
///
/// ```swift
/// let store = try SQLiteSessionStore()   // ./.agent-sessions/sessions.sqlite
/// let session = try await store.create(NewSession(agentName: "support"))
/// try await store.append([NewItem(["role": "user", "content": "My order is late"])], to: session.key)
/// let history = try await store.items(of: session.key, .last(20))
/// ```
///
/// Short operations (point reads, item reads, listings, resume decisions, and writes when no
/// other write is under way) run on the calling thread: in WAL mode a read never waits for the
/// writer, and a thread switch costs more than SQLite needs for them. A write that would wait
/// for another one waits asynchronously, and statistics, which read every item, always do.
///
/// Errors are always `SessionStoreError`s: SQLite failures are wrapped (as
/// `SessionStoreError/Code/unavailable`, or `SessionStoreError/Code/corrupted` for a
/// damaged file) with the driver error as `SessionStoreError/cause`. `CancellationError`
/// passes through unchanged; a cancelled operation changes nothing.
public final class SQLiteSessionStore: SessionStore {
    /// The clock the store stamps times with and measures age by.
    public let clock: any WallClock
    /// The lifecycle of each app, used to validate phases.
    public let lifecycles: LifecycleCatalog
    /// Where the database lives.
    public let location: Configuration.Location
    let database: SQLiteDatabase

    /// Opens the database of a configuration, creating the file, its folders and its schema
    /// as needed, upgrading an older schema, and creating the missing indexes of declared
    /// metadata keys.
    ///
    /// Opening blocks the calling thread while the file is opened and migrated.
    /// - Parameter configuration: Where the database is and how the store behaves. Defaults
    ///   to the file at ``defaultPath``.
    /// - Throws: `SessionStoreError`: invalid argument (a key of
    ///   ``Configuration/Options-swift.struct/indexedMetadataKeys`` that cannot be indexed,
    ///   refused before the file is touched), incompatible schema (a newer AgentSessions wrote
    ///   the file), corrupted (the file is not a database), unavailable (the file or its folder
    ///   cannot be created or opened).
    public init(configuration: Configuration = Configuration()) throws {
        self.clock = configuration.clock
        self.lifecycles = configuration.lifecycles
        self.location = configuration.location
        self.database = try SQLiteDatabase.open(configuration)
    }

    /// Creates a session in one write transaction, and merges the `app:` and `user:` keys of its
    /// initial state into the shared scopes.
    ///
    /// Of two concurrent creates of one id, the writer runs one first; the other finds the id
    /// taken.
    /// - Parameter new: What to create. Without an id, one is generated.
    /// - Returns: The session as stored (version 1), with the shared state merged in.
    /// - Throws: `SessionStoreError`: already exists (the id is taken in that app), not found
    ///   (field `parent_id`: the parent does not exist), invalid argument (a bad field),
    ///   unavailable or corrupted (the database failed).
    @discardableResult
    public func create(_ new: NewSession) async throws -> Session {
        let (session, shared) = try Session.make(
            from: new,
            lifecycle: lifecycles.lifecycle(for: new.app),
            now: clock.now()
        )
        return try await database.write("create session '\(session.id)'") { db in
            try SessionWrites.insert(session, shared: shared, in: db)
        }
    }

    /// Returns the session with the request's id, creating it first if it does not exist, in
    /// one write transaction: of two concurrent calls for one id, exactly one creates it.
    /// - Parameter new: What to create when the session is missing. Without an id, a new
    ///   session is always created.
    /// - Returns: The session, and whether this call created it.
    /// - Throws: `SessionStoreError` as ``create(_:)``.
    public func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
        let (session, shared) = try Session.make(
            from: new,
            lifecycle: lifecycles.lifecycle(for: new.app),
            now: clock.now()
        )
        let checksExisting = new.id != nil
        return try await database.write("get or create session '\(session.id)'") { db in
            if checksExisting, let existing = try SessionRow.fetch(session.key, in: db) {
                return (existing.merged, false)
            }
            return (try SessionWrites.insert(session, shared: shared, in: db), true)
        }
    }

    /// Reads a session and the shared state of its app and user with one statement.
    /// - Parameter key: The session.
    /// - Returns: The session with the `app:` and `user:` keys merged into its state, or `nil`.
    /// - Throws: `SessionStoreError`: unavailable or corrupted (the database failed).
    public func session(_ key: SessionKey) async throws -> Session? {
        try database.read("read session '\(key.id)'") { db in
            try SessionRow.fetch(key, in: db)?.merged
        }
    }

    /// Changes a session in one write transaction: reads its row, applies the core's update
    /// rules, and writes the result back (with the shared part of a state delta).
    /// - Parameters:
    ///   - key: The session.
    ///   - update: The change.
    ///   - expectedVersion: If given, the update is applied only if the session is still at
    ///     this version.
    /// - Returns: The updated session, with the shared state merged in.
    /// - Throws: `SessionStoreError`: not found, version conflict, finalized, invalid
    ///   argument (unknown phase, outcome not final), unavailable or corrupted.
    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        let lifecycle = lifecycles.lifecycle(for: key.app)
        let now = clock.now()
        return try await database.write("update session '\(key.id)'") { db in
            var stored = try SessionRow.require(key, in: db)
            let (session, shared) = try stored.session.applying(
                update,
                lifecycle: lifecycle,
                expectedVersion: expectedVersion,
                now: now
            )
            try SessionWrites.update(&stored, to: session, changing: update, in: db)
            try SharedState.apply(shared, to: &stored, in: db)
            return stored.merged
        }
    }

    /// Deletes a session, its items and compactions and, recursively, its child sessions with
    /// theirs, in one write transaction.
    /// - Parameter key: The session.
    /// - Returns: How many sessions were deleted (the session and its descendants).
    /// - Throws: `SessionStoreError`: not found, unavailable or corrupted.
    @discardableResult
    public func delete(_ key: SessionKey) async throws -> Int {
        try await database.write("delete session '\(key.id)'") { db in
            try SessionWrites.deleteTree(key, in: db)
        }
    }
}

public import AgentSessions

extension SQLiteSessionStore {
    /// The file a store opens when no location is given: `./.agent-sessions/sessions.sqlite`,
    /// relative to the current directory.
    public static let defaultPath = "./.agent-sessions/sessions.sqlite"

    /// How a ``SQLiteSessionStore`` opens its database and stamps its sessions.
    ///
    /// Every parameter of ``init(location:clock:lifecycles:options:)`` has a default, so
    /// `Configuration()` opens ``SQLiteSessionStore/defaultPath`` with the system clock, the
    /// standard lifecycle and the default ``Options``.
    ///
    /// ```swift
    /// let store = try SQLiteSessionStore(configuration: .init(location: .file("/var/lib/agents/sessions.sqlite")))
    /// ```
    public struct Configuration: Sendable {
        /// Where the database lives.
        public enum Location: Hashable, Sendable {
            /// A database file at this path. Missing parent folders are created. The file is
            /// opened in WAL mode, with one writer connection and a pool of reader connections.
            case file(String)
            /// A private in-memory database, for tests. Nothing survives the store, and reads
            /// and writes share one connection.
            case inMemory
        }

        /// Where the database lives. Defaults to ``Location/file(_:)`` at
        /// ``SQLiteSessionStore/defaultPath``.
        public var location: Location
        /// The clock the store stamps times with and measures age by. Defaults to `SystemWallClock`.
        public var clock: any WallClock
        /// The lifecycle of each app. Defaults to the standard lifecycle for every app.
        public var lifecycles: LifecycleCatalog
        /// Rarely changed knobs: durability, waiting on locks, reader connections, page cache,
        /// indexed metadata keys.
        public var options: Options

        /// Creates a configuration; every parameter has a default.
        /// - Parameters:
        ///   - location: Where the database lives. Defaults to the file at
        ///     ``SQLiteSessionStore/defaultPath``.
        ///   - clock: The clock. Defaults to `SystemWallClock`.
        ///   - lifecycles: The lifecycle of each app. Defaults to the standard lifecycle.
        ///   - options: Durability, connection and index options. Defaults to ``Options-swift.struct``
        ///     with its defaults.
        public init(
            location: Location = .file(SQLiteSessionStore.defaultPath),
            clock: any WallClock = SystemWallClock(),
            lifecycles: LifecycleCatalog = LifecycleCatalog(),
            options: Options = Options()
        ) {
            self.location = location
            self.clock = clock
            self.lifecycles = lifecycles
            self.options = options
        }
    }
}

extension SQLiteSessionStore.Configuration {
    /// Durability, connection and index options.
    public struct Options: Sendable, Hashable {
        /// How hard SQLite works to make a committed transaction durable
        /// (`PRAGMA synchronous`), in WAL mode.
        public enum Synchronous: String, Sendable, Hashable, CaseIterable {
            /// No syncing at all: a power loss or an operating-system crash can lose recent
            /// transactions or corrupt the file. Only for throwaway data.
            case off = "OFF"
            /// Syncs at checkpoints only: every acknowledged write survives a crash of the
            /// process, and a power loss can lose the last transactions but never corrupts the
            /// file. SQLite's recommended setting for WAL.
            case normal = "NORMAL"
            /// Syncs the log at every commit: acknowledged writes also survive a power loss,
            /// at several times the cost per write.
            case full = "FULL"
        }

        /// The durability of a commit. Defaults to ``Synchronous/normal``: every acknowledged
        /// write survives a crash of the process.
        public var synchronous: Synchronous
        /// How long a write waits for another process that holds the database's write lock
        /// before failing with `SessionStoreError/Code/unavailable`. Defaults to 5 seconds.
        ///
        /// A write that finds this store's writer idle runs on the calling thread, which stays
        /// blocked while it waits for another process's lock.
        public var busyTimeout: Duration
        /// The most reader connections a file database opens; reads beyond this wait for a
        /// free one. Defaults to 5.
        public var maximumReaderCount: Int
        /// Whether a write that finds the writer connection idle runs on the calling thread.
        /// Defaults to `true`: the lowest latency for one caller at a time (the command-line
        /// tool, scripts, an app embedding the store).
        ///
        /// With `false` every write goes to the writer connection's own thread, where the
        /// writes waiting together are committed in one transaction, and the calling thread is
        /// free for other work meanwhile: more throughput when many tasks write at once, as in a
        /// server (`agent-sessions serve` sets it to `false`; it doubled HTTP appends here).
        public var writesOnCallingThread: Bool
        /// The most memory each connection keeps of the database's pages (`PRAGMA cache_size`),
        /// in bytes. Defaults to SQLite's own 2,000 KiB (``defaultPageCacheBytes``).
        ///
        /// A connection's cache grows as it reads, up to this size (and never past the
        /// database's size), so a larger cache makes memory grow with the database up to it, for
        /// each connection (the readers, the writer and the checkpointing one). With the default,
        /// a database of a million sessions does not fit, and point reads slow as their pages
        /// are read from the file again: 64 MiB kept them as fast as at 10,000 sessions. Values
        /// below 0 count as 0 (SQLite then keeps a few pages); values past what SQLite takes
        /// are cut to its largest.
        public var pageCacheBytes: Int
        /// SQLite's own page cache size, 2,000 KiB: the default of ``pageCacheBytes``.
        public static let defaultPageCacheBytes = 2000 << 10
        /// The metadata keys whose string values are indexed, for listings that filter on them.
        /// Defaults to none.
        ///
        /// Without an index, a listing filtered on a metadata key walks the app's sessions in
        /// listing order, reading each one's metadata, until it has a page: fast when many sessions
        /// match, a walk of the whole app when few do. For a declared key, the store creates at
        /// open (when missing) a partial index of the sessions whose metadata holds the key with a
        /// string value; SQLite builds it from the sessions already stored, so a key can be declared
        /// at any time, and the opening takes as long as reading every session once. A listing
        /// filtered on a value that few sessions hold then reads those along the index and sorts
        /// them. Each index costs every create, fork, restore and update of a session whose
        /// metadata holds the key one index write more; a session without it costs a create only
        /// the test of the index's condition, and appends never write it.
        ///
        /// A key is 1 to 128 characters of `A-Z a-z 0-9 . _ : @ -`, not dots only
        /// (``validateIndexedMetadataKey(_:)``): it is written into the index as a JSON path.
        /// Filters on other keys work as ever, without an index. The index of a key no longer
        /// declared stays, and listings keep using it, until it is dropped by hand
        /// (`DROP INDEX "sessions_by_metadata_<the key's UTF-8 bytes in hexadecimal>"`).
        public var indexedMetadataKeys: [String]

        /// Checks a key for ``indexedMetadataKeys``.
        /// - Parameter key: A metadata key.
        /// - Throws: `SessionStoreError` (invalid argument) naming the key and the rule when it
        ///   is not 1 to 128 characters of `A-Z a-z 0-9 . _ : @ -`, or is dots only.
        public static func validateIndexedMetadataKey(_ key: String) throws(SessionStoreError) {
            _ = try MetadataIndex(key: key)
        }

        /// Creates options; every parameter has a default.
        /// - Parameters:
        ///   - synchronous: The durability of a commit. Defaults to ``Synchronous/normal``.
        ///   - busyTimeout: How long a write waits for another process's lock. Defaults to 5 seconds.
        ///   - maximumReaderCount: The most reader connections. Defaults to 5.
        ///   - writesOnCallingThread: Whether a write that finds the writer idle runs on the
        ///     calling thread. Defaults to `true`; servers should pass `false`.
        ///   - pageCacheBytes: The most memory each connection keeps of the database's pages.
        ///     Defaults to SQLite's 2,000 KiB.
        ///   - indexedMetadataKeys: The metadata keys whose string values are indexed. Defaults
        ///     to none.
        public init(
            synchronous: Synchronous = .normal,
            busyTimeout: Duration = .seconds(5),
            maximumReaderCount: Int = 5,
            writesOnCallingThread: Bool = true,
            pageCacheBytes: Int = defaultPageCacheBytes,
            indexedMetadataKeys: [String] = []
        ) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.maximumReaderCount = maximumReaderCount
            self.writesOnCallingThread = writesOnCallingThread
            self.pageCacheBytes = pageCacheBytes
            self.indexedMetadataKeys = indexedMetadataKeys
        }

        /// The value of `PRAGMA cache_size` for ``pageCacheBytes``: kibibytes, negated (SQLite
        /// reads a negative size as KiB, a positive one as pages), within SQLite's 32 bits.
        var cacheSizePragmaValue: Int {
            -min(max(0, pageCacheBytes / 1024), Int(Int32.max))
        }
    }
}

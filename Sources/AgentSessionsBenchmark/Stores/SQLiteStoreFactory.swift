import AgentSessions
import AgentSessionsSQLite

/// The SQLite store with its default configuration (WAL, `synchronous=NORMAL`), in
/// `sessions.sqlite` of the run's directory.
struct SQLiteStoreFactory: StoreFactory {
    /// Whether writes that find the writer idle run on the calling thread (the store's default;
    /// `serve` turns it off).
    var writesOnCallingThread = true
    /// The metadata keys the store indexes (`Options.indexedMetadataKeys`); none by default.
    var indexedMetadataKeys: [String] = []
    /// Each connection's page cache (`Options.pageCacheBytes`); SQLite's by default.
    var pageCacheBytes = SQLiteSessionStore.Configuration.Options.defaultPageCacheBytes

    var name: String { "sqlite" }
    var durability: String {
        "WAL, synchronous=\(SQLiteSessionStore.Configuration.Options().synchronous.rawValue) (store default)"
    }
    var isFileBacked: Bool { true }

    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore {
        let options = SQLiteSessionStore.Configuration.Options(
            writesOnCallingThread: writesOnCallingThread,
            pageCacheBytes: pageCacheBytes,
            indexedMetadataKeys: indexedMetadataKeys
        )
        return try SQLiteSessionStore(
            configuration: .init(location: .file(path(in: directory)), clock: clock, options: options)
        )
    }

    var asServed: any StoreFactory {
        var served = self
        served.writesOnCallingThread = false
        return served
    }

    func indexing(metadataKeys: [String]) -> any StoreFactory {
        var indexing = self
        indexing.indexedMetadataKeys = metadataKeys
        return indexing
    }

    /// Copies the write-ahead log into the database file and empties it
    /// (`SQLiteSessionStore.checkpoint()`), as the store's checkpointing connection does on
    /// its own once writes pause; until then a bulk load's log (up to about 400 MB) is copied
    /// while the calls are timed.
    func settle(_ store: any SessionStore) async throws {
        try await (store as? SQLiteSessionStore)?.checkpoint()
    }

    func databaseFiles(in directory: String) -> [String] {
        let path = path(in: directory)
        return [path, path + "-wal", path + "-shm"]
    }

    private func path(in directory: String) -> String { directory + "/sessions.sqlite" }
}

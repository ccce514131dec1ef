import AgentSessions
import AgentSessionsSQLite

/// The SQLite store with its default configuration (WAL, `synchronous=NORMAL`), in
/// `sessions.sqlite` of the run's directory.
struct SQLiteStoreFactory: StoreFactory {
    var name: String { "sqlite" }
    var durability: String {
        "WAL, synchronous=\(SQLiteSessionStore.Configuration.Options().synchronous.rawValue) (store default)"
    }
    var isFileBacked: Bool { true }

    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore {
        try SQLiteSessionStore(configuration: .init(location: .file(path(in: directory)), clock: clock))
    }

    func databaseFiles(in directory: String) -> [String] {
        let path = path(in: directory)
        return [path, path + "-wal", path + "-shm"]
    }

    private func path(in directory: String) -> String { directory + "/sessions.sqlite" }
}

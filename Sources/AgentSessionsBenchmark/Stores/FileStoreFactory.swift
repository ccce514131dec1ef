import AgentSessions
import AgentSessionsFiles
import Foundation

/// The file store, in `files/` of the run's directory: by default as configured out of the box
/// (every file and folder written is flushed to disk); `files-nosync` without the flushes, as
/// Strands' own `FileSessionManager` writes, for a like-for-like comparison.
struct FileStoreFactory: StoreFactory {
    /// Whether writes are flushed to disk (the store's default).
    var syncsToDisk = true

    var name: String { syncsToDisk ? "files" : "files-nosync" }
    var durability: String {
        syncsToDisk ? "fsync of every file and folder written (store default)" : "no fsync (syncsToDisk: false)"
    }
    var isFileBacked: Bool { true }

    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore {
        try FileSessionStore(
            configuration: .init(
                directory: directory + "/files",
                clock: clock,
                options: .init(syncsToDisk: syncsToDisk)
            )
        )
    }

    /// Every file under `files/`: the session, agent, message and record files.
    func databaseFiles(in directory: String) -> [String] {
        let root = directory + "/files"
        let paths = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return paths.map { root + "/" + $0 }.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}

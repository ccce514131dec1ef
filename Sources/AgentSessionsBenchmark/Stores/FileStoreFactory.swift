import AgentSessions
import AgentSessionsFiles
import Foundation

/// The file store with its default configuration (every file and folder written is flushed to
/// disk), in `files/` of the run's directory.
struct FileStoreFactory: StoreFactory {
    var name: String { "files" }
    var durability: String { "fsync of every file and folder written (store default)" }
    var isFileBacked: Bool { true }

    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore {
        try FileSessionStore(configuration: .init(directory: directory + "/files", clock: clock))
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

import AgentSessions
import Logging

extension FileSessionStore {
    /// Runs `body` holding a session's exclusive lock, as every write does, after removing what
    /// a writer that crashed left in the session's folders (see
    /// ``SessionFolder/removeLeftovers()``); `nil` if the session's folder does not exist.
    func withWriteLock<T>(
        _ folder: SessionFolder,
        _ body: () throws(SessionStoreError) -> T
    ) throws(SessionStoreError) -> T? {
        try folder.withLock(exclusive: true) { () throws(SessionStoreError) -> T in
            if try folder.removeLeftovers() {
                logger.info(
                    "rolled back an append batch cut short",
                    metadata: [LogKey.sessionID: "\(folder.key.id)", LogKey.app: "\(folder.key.app)"]
                )
            }
            return try body()
        }
    }

    /// Removes, when the store opens, the temporary and trashed session folders of writers that
    /// crashed (processes that no longer run) in each app folder and in each app's shared folder.
    /// Leftovers inside a session's folder are removed by the session's next writer (see
    /// ``SessionFolder/removeLeftovers()``).
    /// - Throws: ``SessionStoreError`` (unavailable).
    func removeCrashedWritersLeftovers() throws(SessionStoreError) {
        try fileIO(nil) { () throws(FileSystemError) in
            for app in try fileSystem.list("") ?? [] where !app.hasPrefix(".") && fileSystem.isDirectory(app) {
                for folder in [app, app + "/" + FileLayout.sharedFolderName] {
                    for name in try fileSystem.list(folder) ?? []
                    where FileSystem.isLeftover(name, prefix: SessionFolder.temporaryPrefix)
                        || FileSystem.isLeftover(name, prefix: SessionFolder.trashPrefix)
                    {
                        let path = folder + "/" + name
                        if fileSystem.isDirectory(path) {
                            try fileSystem.removeTree(path)
                        } else {
                            try fileSystem.remove(path)
                        }
                    }
                }
            }
        }
    }
}

import AgentSessions

extension SessionStoreError {
    /// A file-system failure while working on a session (or on the store when `key` is nil).
    static func unavailable(_ error: FileSystemError, _ key: SessionKey?) -> SessionStoreError {
        let subject = key.map { "session '\($0.id)' in app '\($0.app)'" } ?? "the session directory"
        return SessionStoreError(
            .unavailable,
            "cannot \(error.operation) '\(error.path)' for \(subject): \(error); "
                + "check the directory's permissions and free space, then retry",
            cause: error
        )
    }

    /// A stored file of a session that cannot be read.
    static func corrupted(_ path: String, _ error: RecordError, _ key: SessionKey) -> SessionStoreError {
        if error.isNewer {
            return SessionStoreError(
                .incompatibleSchema,
                "session '\(key.id)' in app '\(key.app)': file '\(path)' was written by a newer version of "
                    + "AgentSessions (\(error.reason)); upgrade to read it"
            )
        }
        return SessionStoreError(
            .corrupted,
            "session '\(key.id)' in app '\(key.app)' cannot be read: file '\(path)' is damaged (\(error.reason)); "
                + "restore the file from a backup, or delete the session's folder to drop the session",
            cause: error
        )
    }
}

/// Runs file-system work for a session, turning its failures into ``SessionStoreError``.
func fileIO<T>(_ key: SessionKey?, _ body: () throws(FileSystemError) -> T) throws(SessionStoreError) -> T {
    do {
        return try body()
    } catch {
        throw .unavailable(error, key)
    }
}

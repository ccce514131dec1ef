import AgentSessions

/// The `app:` and `user:` state scopes of an app, in `<app>/.agent-sessions/`: one file for the
/// app, one per user, changed under the app's shared lock.
struct SharedStateFiles {
    let fileSystem: FileSystem
    let app: String

    /// Reads the app's and a user's shared state (either may be absent).
    func read(userID: String) throws(SessionStoreError) -> (app: JSONObject?, user: JSONObject?) {
        (
            try object(FileLayout.appState(app: app)),
            userID.isEmpty ? nil : try object(FileLayout.userState(userID, app: app))
        )
    }

    /// The app's shared state.
    func appState() throws(SessionStoreError) -> JSONObject? { try object(FileLayout.appState(app: app)) }

    /// A user's shared state.
    func userState(_ userID: String) throws(SessionStoreError) -> JSONObject? {
        userID.isEmpty ? nil : try object(FileLayout.userState(userID, app: app))
    }

    /// Merges a delta into the scopes (a `null` removes a key), atomically per file.
    func apply(_ delta: SharedStateDelta, userID: String) throws(SessionStoreError) {
        guard !delta.isEmpty else { return }
        let sharedFolder = try FileLayout.shared(app: app)
        try fileIO(nil) { () throws(FileSystemError) in try fileSystem.makeDirectory(sharedFolder) }
        let lockPath = try FileLayout.sharedLock(app: app)
        let lock = try fileIO(nil) { () throws(FileSystemError) in
            try FileLock.acquire(lockPath, in: fileSystem, exclusive: true)
        }
        defer { withExtendedLifetime(lock) {} }
        if !delta.app.isEmpty {
            try merge(delta.app, into: try FileLayout.appState(app: app), folder: try FileLayout.shared(app: app))
        }
        if !delta.user.isEmpty {
            let folder = try FileLayout.user(userID, app: app)
            try fileIO(nil) { () throws(FileSystemError) in
                try fileSystem.makeDirectory(sharedFolder + "/users")
                try fileSystem.makeDirectory(folder)
            }
            try merge(delta.user, into: try FileLayout.userState(userID, app: app), folder: folder)
        }
    }

    private func merge(_ patch: JSONObject, into path: String, folder: String) throws(SessionStoreError) {
        var state = try object(path) ?? [:]
        state.merge(patch: patch)
        try fileIO(nil) { () throws(FileSystemError) in
            try fileSystem.write(Array(JSONValue.object(state).prettyJSONText.utf8), to: path)
            try fileSystem.syncDirectory(folder)
        }
    }

    private func object(_ path: String) throws(SessionStoreError) -> JSONObject? {
        guard let bytes = try fileIO(nil, { () throws(FileSystemError) in try fileSystem.read(path) }) else {
            return nil
        }
        do {
            return try JSONObject(parsingObject: String(decoding: bytes, as: UTF8.self), field: "state")
        } catch {
            throw SessionStoreError(
                .corrupted,
                "the shared state of app '\(app)' cannot be read: file '\(path)' is damaged (\(error.message)); "
                    + "restore it from a backup or delete it to reset the app's shared state",
                cause: error
            )
        }
    }
}

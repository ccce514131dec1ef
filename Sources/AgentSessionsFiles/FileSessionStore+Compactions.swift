public import AgentSessions

extension FileSessionStore {
    /// Stores a compaction in the session's `compactions.json`, checked against the session
    /// under its exclusive lock, so that no append or other compaction of the session comes in
    /// between. The session's fields (its version and last activity included) do not change.
    /// - Returns: The stored compaction, numbered one past the session's latest.
    /// - Throws: `SessionStoreError`: not found, invalid argument, version conflict (the latest
    ///   compaction already reaches as far), corrupted, unavailable.
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        try compaction.validate()
        return try await withCompactions(of: key) {
            [self] (loaded, compactions, folder, now) throws(SessionStoreError) -> Compaction in
            let latest = compactions.last
            try compaction.validate(in: key, lastItem: loaded.record.session.lastSequence, latest: latest)
            let stored = compaction.stored(number: (latest?.number ?? 0) + 1, at: now)
            try commit(compactions + [stored], loaded: loaded, in: folder, now: now)
            return stored
        }
    }

    /// The session's compactions, ascending by number, read under its shared lock.
    /// - Throws: `SessionStoreError`: not found, corrupted (a damaged `compactions.json`),
    ///   unavailable.
    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        try await onSession(key) { [self] in
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let compactions = try folder.withLock(exclusive: false) { () throws(SessionStoreError) -> [Compaction] in
                guard let loaded = try folder.load(lifecycle: lifecycle, readsState: false) else {
                    throw .sessionNotFound(key)
                }
                return try folder.compactions(of: loaded.record)
            }
            guard let compactions else { throw SessionStoreError.sessionNotFound(key) }
            return compactions
        }
    }

    /// Adds compactions exactly as given after the session's stored ones, in one write of
    /// `compactions.json`: all of them or, when one is refused, none.
    /// - Returns: How many compactions were stored (those numbered past the stored ones).
    /// - Throws: `SessionStoreError`: not found, invalid argument, corrupted, unavailable.
    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        try await withCompactions(of: key) { [self] (loaded, stored, folder, now) throws(SessionStoreError) -> Int in
            let fresh = try Compaction.restorable(
                compactions,
                after: stored.last,
                lastItem: loaded.record.session.lastSequence,
                in: key
            )
            if !fresh.isEmpty { try commit(stored + fresh, loaded: loaded, in: folder, now: now) }
            return fresh.count
        }
    }

    /// Runs `body` on a session and its compactions, holding the session's exclusive lock.
    /// - Throws: `SessionStoreError`: not found, what `body` throws, corrupted, unavailable.
    private func withCompactions<T: Sendable>(
        of key: SessionKey,
        _ body:
            @escaping @Sendable (SessionFolder.Loaded, [Compaction], SessionFolder, Timestamp)
            throws(SessionStoreError) -> T
    ) async throws -> T {
        try await onSession(key) { [self] in
            let now = clock.now()
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let result = try withWriteLock(folder) { () throws(SessionStoreError) -> T in
                guard let loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                return try body(loaded, try folder.compactions(of: loaded.record), folder, now)
            }
            guard let result else { throw SessionStoreError.sessionNotFound(key) }
            return result
        }
    }

    /// Writes a session's compactions, then its record counting them, which commits them (see
    /// ``SessionFolder/compactions(of:)``). Call it holding the session's exclusive lock.
    /// - Parameters:
    ///   - compactions: Every compaction of the session, ascending by number.
    ///   - loaded: The session as read under the lock.
    ///   - folder: The session's folder.
    ///   - now: The time written into a missing agent file.
    /// - Throws: ``SessionStoreError``: unavailable.
    private func commit(
        _ compactions: [Compaction],
        loaded: SessionFolder.Loaded,
        in folder: SessionFolder,
        now: Timestamp
    ) throws(SessionStoreError) {
        try fileIO(folder.key) { () throws(FileSystemError) in
            try fileSystem.write(Array(SessionFolder.compactionsText(compactions).utf8), to: folder.layout.compactions)
            // The file's new name is durable before the record that counts it.
            try fileSystem.syncDirectory(folder.layout.folder)
        }
        var loaded = loaded
        loaded.record.compactionCount = compactions.count
        try save(loaded, in: folder, writesState: false, now: now)
    }
}

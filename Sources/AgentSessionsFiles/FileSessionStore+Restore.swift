public import AgentSessions

extension FileSessionStore {
    /// Writes a session exactly as given into a new folder (renamed into place, as a create
    /// does), and merges the `app:` and `user:` keys of its state into the shared scopes.
    /// - Parameter session: The session, as a store returned it.
    /// - Returns: The session as stored, with the shared state merged in.
    /// - Throws: `SessionStoreError`: already exists, not found (the parent), invalid
    ///   argument (a malformed field, or an app, id, user or agent unusable as a file name),
    ///   unavailable.
    @discardableResult
    public func restore(_ session: Session) async throws -> Session {
        try await onSession(session.key) { [self] in
            let (session, shared) = try session.restorable(lifecycle: lifecycles.lifecycle(for: session.app))
            var record = SessionRecord(session: session)
            // No item is live until items are restored.
            if session.lastSequence > 0 { record.liveThrough = 0 }
            try makeFolder(for: record)
            try SharedStateFiles(fileSystem: fileSystem, app: session.app).apply(shared, userID: session.userID)
            return try merged(session)
        }
    }

    /// Writes items exactly as given as message files, then the record, which counts them; the
    /// session's fields stay as they are. Items at or below the highest live sequence number are
    /// skipped.
    /// - Parameters:
    ///   - items: The items, in ascending sequence order.
    ///   - key: The session.
    /// - Returns: How many items were stored.
    /// - Throws: `SessionStoreError`: not found, invalid argument (order, range, item ids),
    ///   corrupted, unavailable.
    @discardableResult
    public func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
        try await onSession(key) { [self] in
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let now = clock.now()
            let stored = try withWriteLock(folder) { () throws(SessionStoreError) -> Int in
                guard let loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                var record = loaded.record
                let highest = record.highestLive ?? 0
                let fresh = try items.restorable(
                    to: key,
                    lastSequence: record.session.lastSequence,
                    highestStored: highest
                )
                guard let first = fresh.first?.sequence, let last = fresh.last?.sequence else { return 0 }
                for item in fresh {
                    if let itemID = item.itemID, let taken = try existingSequence(of: itemID, [:], record, folder) {
                        throw .itemIDTaken(itemID, by: taken, in: key)
                    }
                }
                // The live items become the stored ones and the new ones: the numbers between them are removed.
                var removed: [Int64]
                if record.highestLive == nil {
                    record.clearedThrough = first - 1
                    removed = []
                } else {
                    removed = record.removed.filter { $0 < highest } + Array((highest + 1)..<first)
                }
                var previous = first
                for item in fresh.dropFirst() {
                    removed += (previous + 1)..<item.sequence
                    previous = item.sequence
                }
                record.removed = removed
                record.liveThrough = last < record.session.lastSequence ? last : nil
                try commit(Array(fresh), to: record, loaded: loaded, in: folder, marksBatch: false, now: now)
                return fresh.count
            }
            guard let stored else { throw SessionStoreError.sessionNotFound(key) }
            return stored
        }
    }
}

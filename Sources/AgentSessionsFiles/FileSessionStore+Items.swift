public import AgentSessions
import Logging

extension FileSessionStore {
    @discardableResult
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        try await onSession(key) { [self] in
            for item in items { try item.validate() }
            try items.checkRepeatedItemIDs(in: key)
            let now = clock.now()
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let sequences = try withWriteLock(folder) { () throws(SessionStoreError) -> [Int64] in
                guard let loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                var record = loaded.record
                record.reopenTail()
                var sequences: [Int64] = []
                sequences.reserveCapacity(items.count)
                var batchIDs: [String: Int64] = [:]
                var fresh: [SessionItem] = []
                for item in items {
                    if let itemID = item.itemID,
                        let sequence = try existingSequence(of: itemID, batchIDs, record, folder)
                    {
                        if batchIDs[itemID] == nil, let stored = try readItems(record, [sequence], in: folder).first {
                            try item.checkSameContent(as: stored.content, storedAs: sequence, in: key)
                        }
                        sequences.append(sequence)
                        continue
                    }
                    record.session.lastSequence += 1
                    let sequence = record.session.lastSequence
                    fresh.append(
                        item.stored(as: sequence, at: now)
                    )
                    if let itemID = item.itemID { batchIDs[itemID] = sequence }
                    sequences.append(sequence)
                }
                record.touch(now)
                try commit(fresh, to: record, loaded: loaded, in: folder, marksBatch: fresh.count > 1, now: now)
                return sequences
            }
            guard let sequences else { throw SessionStoreError.sessionNotFound(key) }
            return sequences
        }
    }

    /// The sequence number of a live item with this id (earlier in the batch or stored), if any.
    func existingSequence(
        of itemID: String,
        _ batchIDs: [String: Int64],
        _ record: SessionRecord,
        _ folder: SessionFolder
    ) throws(SessionStoreError) -> Int64? {
        if let sequence = batchIDs[itemID] { return sequence }
        guard record.hasItemIDs else { return nil }
        let marker = try folder.layout.itemIDMarker(itemID)
        guard let target = try fileIO(folder.key, { () throws(FileSystemError) in try fileSystem.readLink(marker) }),
            let sequence = Int64(target), record.isLive(sequence)
        else { return nil }
        return sequence
    }

    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try await onSession(key) { [self] in
            try query.validate()
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let items = try folder.withLock(exclusive: false) { () throws(SessionStoreError) -> [SessionItem] in
                guard let loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                return try readItems(loaded.record, selecting(query, from: loaded.record), in: folder)
            }
            guard let items else { throw SessionStoreError.sessionNotFound(key) }
            return items
        }
    }

    public func pinnedItems(of key: SessionKey) async throws -> [SessionItem] {
        try await onSession(key) { [self] in
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let items = try folder.withLock(exclusive: false) { () throws(SessionStoreError) -> [SessionItem] in
                guard let loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                return try readItems(loaded.record, loaded.record.pinned, in: folder)
            }
            guard let items else { throw SessionStoreError.sessionNotFound(key) }
            return items
        }
    }

    /// The sequence numbers a query selects, ascending (see ``ItemQuery``).
    func selecting(_ query: ItemQuery, from record: SessionRecord) -> [Int64] {
        let last = record.liveUpperBound
        var first = record.clearedThrough + 1
        if let after = query.after {
            // `after` is the caller's: at or past the last item there is nothing to read (and
            // `after + 1` could overflow).
            guard after < last else { return [] }
            first = max(first, after + 1)
        }
        guard first <= last else { return [] }
        if record.removed.isEmpty {
            let count = last - first + 1
            guard let limit = query.limit.map(Int64.init) else { return Array(first...last) }
            if limit <= 0 { return [] }
            if query.after != nil { return Array(first...(first + min(limit, count) - 1)) }
            return Array((last - min(limit, count) + 1)...last)
        }
        let removed = Set(record.removed)
        guard let limit = query.limit else { return (first...last).filter { !removed.contains($0) } }
        // Walk from the end the query reads from: a page costs its size and the removed numbers
        // it passes, not the whole session.
        var selected: [Int64] = []
        selected.reserveCapacity(min(limit, 1024))
        var sequence = query.after != nil ? first : last
        while (first...last).contains(sequence) && selected.count < limit {
            if !removed.contains(sequence) { selected.append(sequence) }
            sequence += query.after != nil ? 1 : -1
        }
        return query.after != nil ? selected : selected.reversed()
    }

    /// Reads items from their message files. A file missing for a live item (removed by hand)
    /// is skipped and logged.
    func readItems(_ record: SessionRecord, _ sequences: [Int64], in folder: SessionFolder)
        throws(SessionStoreError) -> [SessionItem]
    {
        let messages = try folder.layout.messages(record.session.agentName)
        var items: [SessionItem] = []
        items.reserveCapacity(sequences.count)
        for sequence in sequences {
            let path = messages + "/" + FileLayout.messageName(sequence: sequence)
            guard let text = try folder.text(path) else {
                logger.info(
                    "message file missing",
                    metadata: [
                        LogKey.sessionID: "\(folder.key.id)", LogKey.app: "\(folder.key.app)", LogKey.path: "\(path)",
                    ]
                )
                continue
            }
            let message: StrandsFiles.Message
            do {
                message = try StrandsFiles.message(text)
            } catch {
                throw .corrupted(path, error, folder.key)
            }
            let itemID =
                record.hasItemIDs
                ? try fileIO(folder.key) { () throws(FileSystemError) in
                    try fileSystem.readLink(folder.layout.sequenceMarker(sequence))
                } : nil
            items.append(
                SessionItem(
                    sequence: sequence,
                    itemID: itemID,
                    createdAt: message.createdAt,
                    content: message.content,
                    tokens: message.tokens,
                    isPinned: message.isPinned
                )
            )
        }
        return items
    }
}

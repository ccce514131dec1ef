public import AgentSessions

extension FileSessionStore {
    @discardableResult
    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        try await onSession(key) { [self] in
            let now = clock.now()
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let popped = try withWriteLock(folder) { () throws(SessionStoreError) -> SessionItem? in
                guard var loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                guard let sequence = selecting(.last(1), from: loaded.record).last,
                    let item = try readItems(loaded.record, [sequence], in: folder).first
                else { return nil }
                var record = loaded.record
                record.removed.append(sequence)
                record.uncountItem(item)
                if record.itemCount <= 0 {
                    // Nothing live is left: the same as a clear, which keeps the record small.
                    record.clearedThrough = record.session.lastSequence
                    record.liveThrough = nil
                    record.removed = []
                    record.uncountItems()
                }
                record.touch(now)
                loaded.record = record
                // The record commits the pop; the file left behind by a crash is not live any more.
                try save(loaded, in: folder, writesState: false, now: now)
                let messages = try folder.layout.messages(record.session.agentName)
                try fileIO(key) { () throws(FileSystemError) in
                    try fileSystem.remove(messages + "/" + FileLayout.messageName(sequence: sequence))
                    if let itemID = item.itemID {
                        try fileSystem.remove(folder.layout.sequenceMarker(sequence))
                        if let marker = try? folder.layout.itemIDMarker(itemID),
                            try fileSystem.readLink(marker) == String(sequence)
                        {
                            try fileSystem.remove(marker)
                        }
                    }
                }
                return item
            }
            guard let popped else { throw SessionStoreError.sessionNotFound(key) }
            return popped
        }
    }

    @discardableResult
    public func clearItems(of key: SessionKey) async throws -> Int {
        try await onSession(key) { [self] in
            let now = clock.now()
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let cleared = try withWriteLock(folder) { () throws(SessionStoreError) -> Int in
                guard var loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                let count = loaded.record.itemCount
                loaded.record.clearedThrough = loaded.record.session.lastSequence
                loaded.record.liveThrough = nil
                loaded.record.removed = []
                loaded.record.uncountItems()
                loaded.record.hasItemIDs = false
                loaded.record.compactionCount = 0
                loaded.record.touch(now)
                // The record commits the clear: the files left behind by a crash are not read any more.
                try save(loaded, in: folder, writesState: false, now: now)
                let messages = try folder.layout.messages(loaded.record.session.agentName)
                try fileIO(key) { () throws(FileSystemError) in
                    for name in try fileSystem.list(messages) ?? [] where FileLayout.sequence(ofMessage: name) != nil {
                        try fileSystem.remove(messages + "/" + name)
                    }
                    try fileSystem.removeTree(folder.layout.itemIDs)
                    try fileSystem.remove(folder.layout.compactions)
                }
                return count
            }
            guard let cleared else { throw SessionStoreError.sessionNotFound(key) }
            return cleared
        }
    }

    public func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
        try await onSession(key) { [self] in
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let now = clock.now()
            let folder = try SessionFolder(key, in: fileSystem)
            let forked = try folder.withLock(exclusive: false) { () throws(SessionStoreError) -> Session in
                guard let source = try folder.load(lifecycle: lifecycle)?.record else { throw .sessionNotFound(key) }
                let through = try ForkRange.validate(sequence, lastSequence: source.session.lastSequence)
                let copied = selecting(ItemQuery(), from: source).filter { $0 <= through }
                let compactions = try folder.compactions(of: source).filter { $0.lastSequence <= through }
                var record = SessionRecord(
                    session: source.session.forked(
                        as: newID ?? SessionID.generate(prefix: key.id.rawValue),
                        through: through,
                        lastCopiedSequence: through,
                        lifecycle: lifecycle,
                        now: now
                    )
                )
                record.clearedThrough = min(source.clearedThrough, through)
                record.removed = source.removed.filter { $0 <= through }
                record.liveThrough = source.liveThrough.flatMap { $0 < through ? $0 : nil }
                record.itemCount = copied.count
                record.pinned = source.pinned.filter { $0 <= through }
                record.hasItemIDs = source.hasItemIDs
                record.compactionCount = compactions.count
                var itemIDs: [Int64: String] = [:]
                if copied.count == source.itemCount && !source.hasItemIDs && source.itemTokens != nil {
                    record.itemBytes = source.itemBytes
                    record.itemTokens = source.itemTokens
                } else {
                    let items = try readItems(source, copied, in: folder)
                    record.itemBytes = items.reduce(0) { $0 + $1.content.byteCount }
                    record.itemTokens = items.reduce(0) { $0 + $1.tokenCount }
                    for item in items { if let itemID = item.itemID { itemIDs[item.sequence] = itemID } }
                }
                let messages = try folder.layout.messages(source.session.agentName)
                try makeFolder(
                    for: record,
                    copying: CopiedItems(
                        messages: messages,
                        sequences: copied,
                        itemIDs: itemIDs,
                        compactions: compactions
                    )
                )
                return record.session
            }
            guard let forked else { throw SessionStoreError.sessionNotFound(key) }
            return try merged(forked)
        }
    }
}

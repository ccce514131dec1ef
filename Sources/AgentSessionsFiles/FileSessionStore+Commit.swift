import AgentSessions

extension FileSessionStore {
    /// Writes new items and then the record, which commits them: the agent's folders and file
    /// when missing, one message file per item, the item id markers, then `record` with the
    /// items counted. If a write fails, the files written so far are removed and the session
    /// stays as it was. Call it holding the session's exclusive lock.
    /// - Parameters:
    ///   - items: The new items, in ascending sequence order, each with its creation time.
    ///   - record: The record to write, without the new items counted.
    ///   - loaded: The session as read under the lock.
    ///   - folder: The session's folder.
    ///   - marksBatch: Whether the intent written first (for any item) is flushed to disk with
    ///     its folder (an append of several), so that a batch is never counted in part.
    ///   - now: The time written into a missing agent file.
    /// - Throws: ``SessionStoreError``: unavailable.
    func commit(
        _ items: [SessionItem],
        to record: SessionRecord,
        loaded: SessionFolder.Loaded,
        in folder: SessionFolder,
        marksBatch: Bool,
        now: Timestamp
    ) throws(SessionStoreError) {
        var record = record
        let agentName = record.session.agentName
        let messages = try folder.layout.messages(agentName)
        let agentFolder = try folder.layout.agent(agentName)
        let agentFile = try folder.layout.agentFile(agentName)
        // Without the agent's file Strands would start the agent afresh and ignore the messages.
        let agentText =
            loaded.agentFields == nil
            ? StrandsFiles.agentText(
                existing: nil,
                agentID: agentName.isEmpty ? FileLayout.defaultAgent : agentName,
                state: record.session.state,
                now: now
            ) : nil
        var markers: [(marker: String, itemID: String, sequence: Int64)] = []
        for item in items {
            if let itemID = item.itemID {
                markers.append((try folder.layout.itemIDMarker(itemID), itemID, item.sequence))
            }
        }
        var written: [String] = []
        do throws(FileSystemError) {
            if !loaded.hasRecordFile {
                try fileSystem.makeDirectory(folder.layout.agents)
                try fileSystem.makeDirectory(agentFolder)
                try fileSystem.makeDirectory(messages)
            }
            if let agentText {
                try fileSystem.write(Array(agentText.utf8), to: agentFile)
                try fileSystem.syncDirectory(agentFolder)
            }
            if let first = items.first, let last = items.last {
                // The intent stops readers from adopting the message files before the record
                // commits them, and tells the next writer to remove them after a crash. For one
                // item it is not flushed: a process crash keeps it (it is written before the
                // message), and only a power loss that also kept the message but not it could
                // let that one unacknowledged item be counted. A batch's intent is flushed, so a
                // batch is never counted in part.
                let text = "{\"first\": \(first.sequence), \"last\": \(last.sequence)}\n"
                try fileSystem.write(
                    Array(text.utf8),
                    to: folder.layout.batchIntent,
                    flushes: marksBatch && fileSystem.syncs
                )
                if marksBatch { try fileSystem.syncDirectory(folder.layout.folder) }
            }
            for item in items {
                let path = messages + "/" + FileLayout.messageName(sequence: item.sequence)
                let text = StrandsFiles.messageText(of: item)
                try fileSystem.write(Array(text.utf8), to: path)
                written.append(path)
                record.countItem(
                    item.sequence,
                    bytes: item.content.byteCount,
                    tokens: item.tokenCount,
                    isPinned: item.isPinned
                )
            }
            try fileSystem.syncDirectory(messages)
            if !markers.isEmpty {
                record.hasItemIDs = true
                try fileSystem.makeDirectory(folder.layout.itemIDs)
                for (marker, itemID, sequence) in markers {
                    try fileSystem.remove(marker)
                    _ = try fileSystem.makeLink(marker, to: String(sequence))
                    try fileSystem.remove(folder.layout.sequenceMarker(sequence))
                    _ = try fileSystem.makeLink(folder.layout.sequenceMarker(sequence), to: itemID)
                }
                try fileSystem.syncDirectory(folder.layout.itemIDs)
            }
            try fileSystem.write(Array(record.jsonText.utf8), to: folder.layout.record)
            try fileSystem.syncDirectory(folder.layout.folder)
        } catch {
            for path in written { try? fileSystem.remove(path) }
            for item in items { try? fileSystem.remove(folder.layout.sequenceMarker(item.sequence)) }
            if !items.isEmpty { try? fileSystem.remove(folder.layout.batchIntent) }
            throw SessionStoreError.unavailable(error, folder.key)
        }
        if !items.isEmpty { try? fileSystem.remove(folder.layout.batchIntent) }
    }
}

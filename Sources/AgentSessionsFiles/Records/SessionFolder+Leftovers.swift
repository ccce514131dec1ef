import AgentSessions

// What a writer that crashed leaves in a session folder, and its removal by the next writer.
//
// Every write goes to a temporary file (`.tmp-…`) renamed into place, so a crash can leave one
// behind. An append (or a restore of items) writes its intent first, then its message files
// and markers, then the record, which commits them; a crash before the record leaves message
// files past the record's last live item. Readers never count them (the intent stops the
// adoption of files past the last sequence number), and the next writer of the session, which
// holds the exclusive lock, removes them.

extension SessionFolder {
    /// The prefix of temporary files and folders.
    static let temporaryPrefix = ".tmp-"
    /// The prefix of a deleted session's folder, renamed away before it is removed.
    static let trashPrefix = ".trash-"

    /// Removes a crashed writer's leftovers: temporary files in the session's folders, and the
    /// message files and item-id markers of an append that never committed. Call it holding
    /// the exclusive lock, before reading the session.
    /// - Returns: Whether an append that never committed was rolled back.
    /// - Throws: ``SessionStoreError``: unavailable, corrupted (an unreadable record).
    func removeLeftovers() throws(SessionStoreError) -> Bool {
        for folder in [layout.folder, layout.agents, layout.children, layout.itemIDs] {
            try removeTemporaryFiles(in: folder)
        }
        let agentFolders = try listing(layout.agents).filter { $0.hasPrefix("agent_") }.map { layout.agents + "/" + $0 }
        for agentFolder in agentFolders { try removeTemporaryFiles(in: agentFolder) }
        guard fileSystem.exists(layout.batchIntent) else { return false }
        if let recordText = try text(layout.record) {
            let record: SessionRecord
            do {
                record = try SessionRecord(parsing: recordText, key: key, state: [:])
            } catch {
                throw .corrupted(layout.record, error, key)
            }
            for agentFolder in agentFolders { try removeUncommittedMessages(in: agentFolder + "/messages", record) }
            try removeUncommittedMarkers(record)
        }
        try fileIO(key) { () throws(FileSystemError) in
            try fileSystem.remove(layout.batchIntent)
            try fileSystem.syncDirectory(layout.folder)
        }
        return true
    }

    private func listing(_ folder: String) throws(SessionStoreError) -> [String] {
        try fileIO(key) { () throws(FileSystemError) in try fileSystem.list(folder) } ?? []
    }

    private func removeTemporaryFiles(in folder: String) throws(SessionStoreError) {
        for name in try listing(folder) where name.hasPrefix(Self.temporaryPrefix) {
            try fileIO(key) { () throws(FileSystemError) in
                let path = folder + "/" + name
                if fileSystem.isDirectory(path) { try fileSystem.removeTree(path) } else { try fileSystem.remove(path) }
            }
        }
    }

    /// Removes message files past the record's last live item, and temporary files.
    private func removeUncommittedMessages(in messages: String, _ record: SessionRecord) throws(SessionStoreError) {
        for name in try listing(messages) {
            let isUncommitted = FileLayout.sequence(ofMessage: name).map { $0 > record.liveUpperBound } ?? false
            guard isUncommitted || name.hasPrefix(Self.temporaryPrefix) else { continue }
            try fileIO(key) { () throws(FileSystemError) in try fileSystem.remove(messages + "/" + name) }
        }
    }

    /// Removes the item-id markers of items past the record's last live item.
    private func removeUncommittedMarkers(_ record: SessionRecord) throws(SessionStoreError) {
        for name in try listing(layout.itemIDs) {
            let path = layout.itemIDs + "/" + name
            guard name.hasPrefix("seq-"), let sequence = Int64(name.dropFirst(4)), sequence > record.liveUpperBound
            else { continue }
            try fileIO(key) { () throws(FileSystemError) in
                if let itemID = try fileSystem.readLink(path),
                    let marker = try? layout.itemIDMarker(itemID),
                    try fileSystem.readLink(marker) == String(sequence)
                {
                    try fileSystem.remove(marker)
                }
                try fileSystem.remove(path)
            }
        }
    }
}

import AgentSessions

extension FileSessionStore {
    /// Items to copy into a new session folder (a fork): from a message folder, with their ids,
    /// and the compactions that stand for them.
    struct CopiedItems {
        var messages: String
        var sequences: [Int64]
        var itemIDs: [Int64: String]
        var compactions: [Compaction]
    }

    /// Creates a session's folder atomically: everything is written into a temporary folder
    /// beside it, which is then renamed into place. A rename onto an existing session fails, so
    /// of two creates of one id exactly one wins.
    /// - Throws: ``SessionStoreError``: already exists, not found (the parent), unavailable.
    func makeFolder(for record: SessionRecord, copying copied: CopiedItems? = nil) throws(SessionStoreError) {
        let session = record.session
        let key = session.key
        let layout = try FileLayout(key)
        let temporary = layout.app + "/" + FileSystem.scratchName(SessionFolder.temporaryPrefix)
        func inside(_ path: String) -> String { temporary + path.dropFirst(layout.folder.count) }
        let agentID = session.agentName.isEmpty ? FileLayout.defaultAgent : session.agentName
        let agentFolder = try layout.agent(session.agentName)
        let messages = try layout.messages(session.agentName)
        let userFolder = session.userID.isEmpty ? nil : try FileLayout.userSessions(session.userID, app: session.app)
        let agentFile = inside(try layout.agentFile(session.agentName))
        if fileSystem.exists(layout.strandsSession) || fileSystem.exists(layout.record) { throw .sessionExists(key) }
        do throws(FileSystemError) {
            try fileSystem.makeDirectory(layout.app)
            for path in [temporary, inside(layout.agents), inside(agentFolder), inside(messages)] {
                try fileSystem.makeDirectory(path)
            }
            try fileSystem.write(
                Array(
                    StrandsFiles.sessionText(id: session.id, createdAt: session.createdAt, updatedAt: session.createdAt)
                        .utf8
                ),
                to: inside(layout.strandsSession)
            )
            let agent = StrandsFiles.agentText(
                existing: nil,
                agentID: agentID,
                state: session.state,
                now: session.createdAt
            )
            try fileSystem.write(Array(agent.utf8), to: agentFile)
            if let copied {
                try copy(copied, to: inside(messages), itemIDs: inside(layout.itemIDs), layout: layout)
                try fileSystem.syncDirectory(inside(messages))
                if !copied.compactions.isEmpty {
                    let text = SessionFolder.compactionsText(copied.compactions)
                    try fileSystem.write(Array(text.utf8), to: inside(layout.compactions))
                }
            }
            try fileSystem.write(Array(record.jsonText.utf8), to: inside(layout.record))
            // New folders: each parent's flush makes its new entries durable.
            for path in [inside(agentFolder), inside(layout.agents), temporary] {
                try fileSystem.syncDirectory(path)
            }
            if let userFolder {
                try FileSystem.makeDirectories(atPath: fileSystem.absolute(userFolder))
                try fileSystem.write([], to: userFolder + "/" + session.id.rawValue)
                try fileSystem.syncDirectory(userFolder)
            }
        } catch {
            try? fileSystem.removeTree(temporary)
            throw SessionStoreError.unavailable(error, key)
        }
        if let parentID = session.parentID {
            let parent = try SessionFolder(SessionKey(parentID, app: session.app), in: fileSystem)
            let placed = try withWriteLock(parent) { () throws(SessionStoreError) -> Bool in
                guard fileSystem.exists(parent.layout.strandsSession) || fileSystem.exists(parent.layout.record) else {
                    return false
                }
                let marker = try parent.layout.childMarker(session.id)
                try fileIO(key) { () throws(FileSystemError) in
                    try fileSystem.makeDirectory(parent.layout.children)
                    try fileSystem.write([], to: marker)
                    try fileSystem.syncDirectory(parent.layout.children)
                }
                try place(temporary, at: layout)
                return true
            }
            guard placed == true else {
                try? fileSystem.removeTree(temporary)
                throw SessionStoreError.parentNotFound(parentID, app: session.app)
            }
        } else {
            try place(temporary, at: layout)
        }
    }

    /// Renames a finished temporary folder into place.
    private func place(_ temporary: String, at layout: FileLayout) throws(SessionStoreError) {
        let key = try keyOf(layout)
        do {
            try fileSystem.move(temporary, to: layout.folder)
            try fileSystem.syncDirectory(layout.app)
        } catch {
            try? fileSystem.removeTree(temporary)
            if error.isAlreadyExists { throw .sessionExists(key) }
            throw .unavailable(error, key)
        }
    }

    private func keyOf(_ layout: FileLayout) throws(SessionStoreError) -> SessionKey {
        let id = String(layout.folder.dropFirst(layout.app.count + 1 + FileLayout.sessionPrefix.count))
        return SessionKey(SessionID(trusted: id), app: layout.app)
    }

    /// Copies message files (as hard links: message files are never changed in place) and the
    /// copied items' id markers.
    private func copy(_ copied: CopiedItems, to messages: String, itemIDs: String, layout: FileLayout)
        throws(FileSystemError)
    {
        for sequence in copied.sequences {
            let name = FileLayout.messageName(sequence: sequence)
            try fileSystem.linkOrCopy(copied.messages + "/" + name, to: messages + "/" + name)
        }
        guard !copied.itemIDs.isEmpty else { return }
        try fileSystem.makeDirectory(itemIDs)
        for (sequence, itemID) in copied.itemIDs {
            _ = try fileSystem.makeLink(itemIDs + "/id-" + itemID, to: String(sequence))
            _ = try fileSystem.makeLink(itemIDs + "/seq-\(sequence)", to: itemID)
        }
        try fileSystem.syncDirectory(itemIDs)
    }

    /// Deletes a session and, first, its children (checked against their recorded parent).
    /// - Returns: How many sessions were deleted, or `nil` if the session does not exist.
    func deleteTree(_ key: SessionKey) throws(SessionStoreError) -> Int? {
        let folder = try SessionFolder(key, in: fileSystem)
        let lifecycle = lifecycles.lifecycle(for: key.app)
        return try withWriteLock(folder) { () throws(SessionStoreError) -> Int? in
            guard fileSystem.exists(folder.layout.strandsSession) || fileSystem.exists(folder.layout.record) else {
                return nil
            }
            var count = 0
            let children = try fileIO(key) { () throws(FileSystemError) in try fileSystem.list(folder.layout.children) }
            for name in children ?? [] {
                guard let childID = try? SessionID(name) else { continue }
                let childKey = SessionKey(childID, app: key.app)
                let child = try SessionFolder(childKey, in: fileSystem)
                let childRecord = try? child.withLock(exclusive: false) { () throws(SessionStoreError) in
                    try child.load(lifecycle: lifecycle)
                }
                // A marker left by a child deleted since (and perhaps re-created elsewhere) is skipped.
                guard childRecord??.record.session.parentID == key.id else { continue }
                count += try deleteTree(childKey) ?? 0
            }
            let record = try? folder.load(lifecycle: lifecycle)?.record
            try removeFolder(folder, session: record?.session)
            return count + 1
        } ?? nil
    }

    /// Removes one session's folder (its children stay): renamed away first, so it disappears at
    /// once, then deleted. Call it holding the session's exclusive lock.
    func removeFolder(_ folder: SessionFolder, session: Session?) throws(SessionStoreError) {
        let trash = folder.layout.app + "/" + FileSystem.scratchName(SessionFolder.trashPrefix)
        try fileIO(folder.key) { () throws(FileSystemError) in
            try fileSystem.move(folder.layout.folder, to: trash)
            try fileSystem.syncDirectory(folder.layout.app)
        }
        if let session {
            if !session.userID.isEmpty, let users = try? FileLayout.userSessions(session.userID, app: session.app) {
                try? fileSystem.remove(users + "/" + session.id.rawValue)
            }
            if let parentID = session.parentID, let parent = try? FileLayout(SessionKey(parentID, app: session.app)),
                let marker = try? parent.childMarker(session.id)
            {
                try? fileSystem.remove(marker)
            }
        }
        try? fileSystem.removeTree(trash)
    }
}

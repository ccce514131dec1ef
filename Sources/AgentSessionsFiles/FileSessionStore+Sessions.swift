public import AgentSessions

extension FileSessionStore {
    @discardableResult
    public func create(_ new: NewSession) async throws -> Session {
        let work: @Sendable () throws -> Session = { [self] in
            let (session, shared) = try Session.make(
                from: new,
                lifecycle: lifecycles.lifecycle(for: new.app),
                now: clock.now()
            )
            try makeFolder(for: SessionRecord(session: session))
            try SharedStateFiles(fileSystem: fileSystem, app: session.app).apply(shared, userID: session.userID)
            return try merged(session)
        }
        // A generated id is new: no other caller can be waiting for its session.
        guard let id = new.id else { return try await BlockingIOThreads.run(work) }
        return try await onSession(SessionKey(id, app: new.app), work)
    }

    public func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
        while true {
            if let id = new.id, let existing = try await session(SessionKey(id, app: new.app)) {
                return (existing, false)
            }
            do {
                return (try await create(new), true)
            } catch let error as SessionStoreError where error.code == .alreadyExists && new.id != nil {
                continue  // created by someone else since the read: read it
            }
        }
    }

    public func session(_ key: SessionKey) async throws -> Session? {
        try await onSession(key) { [self] in
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            guard
                let loaded = try folder.withLock(
                    exclusive: false,
                    { () throws(SessionStoreError) in try folder.load(lifecycle: lifecycle) }
                ) ?? nil
            else { return nil }
            return try merged(loaded.record.session)
        }
    }

    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        try await onSession(key) { [self] in
            let folder = try SessionFolder(key, in: fileSystem)
            let lifecycle = lifecycles.lifecycle(for: key.app)
            // The decision needs neither the state nor the shared scopes: the record alone.
            let loaded = try folder.withLock(exclusive: false) { () throws(SessionStoreError) in
                try folder.load(lifecycle: lifecycle, readsState: false)
            }
            let facts = (loaded ?? nil).map { ResumeFacts($0.record.session) }
            return policy.decide(facts, lifecycle: lifecycle, now: clock.now())
        }
    }

    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        try await onSession(key) { [self] in
            let lifecycle = lifecycles.lifecycle(for: key.app)
            let now = clock.now()
            let folder = try SessionFolder(key, in: fileSystem)
            let updated = try withWriteLock(folder) { () throws(SessionStoreError) -> Session in
                guard var loaded = try folder.load(lifecycle: lifecycle) else { throw .sessionNotFound(key) }
                let (session, shared) = try loaded.record.session.applying(
                    update,
                    lifecycle: lifecycle,
                    expectedVersion: expectedVersion,
                    now: now
                )
                let stateChanged = session.state != loaded.record.session.state || loaded.agentFields == nil
                loaded.record.session = session
                try save(loaded, in: folder, writesState: stateChanged, now: now)
                try SharedStateFiles(fileSystem: fileSystem, app: key.app).apply(shared, userID: session.userID)
                return session
            }
            guard let updated else { throw SessionStoreError.sessionNotFound(key) }
            return try merged(updated)
        }
    }

    @discardableResult
    public func delete(_ key: SessionKey) async throws -> Int {
        try await onSession(key) { [self] in
            guard let count = try deleteTree(key) else { throw SessionStoreError.sessionNotFound(key) }
            return count
        }
    }

    /// The session with its app's and user's shared state merged into its own.
    func merged(_ session: Session) throws(SessionStoreError) -> Session {
        let shared = try SharedStateFiles(fileSystem: fileSystem, app: session.app).read(userID: session.userID)
        var session = session
        session.state = StateScope.merged(session: session.state, app: shared.app, user: shared.user)
        return session
    }

    /// Writes a loaded session back: its agent's state file when asked (or when missing), then
    /// its record, which commits the write. Call it holding the session's exclusive lock.
    func save(_ loaded: SessionFolder.Loaded, in folder: SessionFolder, writesState: Bool, now: Timestamp)
        throws(SessionStoreError)
    {
        let session = loaded.record.session
        let agentFolder = try folder.layout.agent(session.agentName)
        let agentFile = try folder.layout.agentFile(session.agentName)
        let messages = try folder.layout.messages(session.agentName)
        let agentText =
            writesState || loaded.agentFields == nil
            ? StrandsFiles.agentText(
                existing: loaded.agentFields,
                agentID: session.agentName.isEmpty ? FileLayout.defaultAgent : session.agentName,
                state: session.state,
                now: now
            ) : nil
        try fileIO(session.key) { () throws(FileSystemError) in
            if !loaded.hasRecordFile {
                for path in [folder.layout.agents, agentFolder, messages] { try fileSystem.makeDirectory(path) }
            }
            if let agentText {
                try fileSystem.write(Array(agentText.utf8), to: agentFile)
                try fileSystem.syncDirectory(agentFolder)
            }
            try fileSystem.write(Array(loaded.record.jsonText.utf8), to: folder.layout.record)
            try fileSystem.syncDirectory(folder.layout.folder)
        }
    }
}

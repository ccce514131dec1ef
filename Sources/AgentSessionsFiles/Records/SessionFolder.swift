import AgentSessions

/// One session's folder: locking it and reading what it holds.
struct SessionFolder {
    let fileSystem: FileSystem
    let layout: FileLayout
    let key: SessionKey

    init(_ key: SessionKey, in fileSystem: FileSystem) throws(SessionStoreError) {
        self.fileSystem = fileSystem
        self.layout = try FileLayout(key)
        self.key = key
    }

    /// A session as read from its folder.
    struct Loaded {
        /// The record; its session holds the session's own state only.
        var record: SessionRecord
        /// The fields of `agent.json`, kept when the state is rewritten.
        var agentFields: JSONObject?
        /// Whether the record is on disk (false for a session only Strands wrote).
        var hasRecordFile: Bool
        /// Whether messages appended by Strands were adopted while reading.
        var adoptedItems: Bool
    }

    /// Runs `body` holding the session's lock; `nil` if the session's folder does not exist.
    /// Writers go through ``FileSessionStore/withWriteLock(_:_:)``, which also removes a crashed
    /// writer's leftovers.
    func withLock<T>(
        exclusive: Bool,
        _ body: () throws(SessionStoreError) -> T
    ) throws(SessionStoreError) -> T? {
        let lock = try fileIO(key) { () throws(FileSystemError) in
            try FileLock.acquire(layout.lock, in: fileSystem, exclusive: exclusive)
        }
        guard let lock else { return nil }
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Reads a file as text; `nil` if it does not exist.
    func text(_ path: String) throws(SessionStoreError) -> String? {
        try fileIO(key) { () throws(FileSystemError) in try fileSystem.read(path) }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads the session, adopting messages Strands appended after the last write here.
    /// Call it holding the lock. Returns `nil` if the session does not exist.
    /// - Parameters:
    ///   - lifecycle: The app's lifecycle (the phase of a session only Strands wrote).
    ///   - readsState: Whether to read the state from the agent's file; without it the
    ///     session's state is empty (for decisions and counts that do not need it).
    /// - Throws: ``SessionStoreError``: corrupted (naming the file), unavailable.
    func load(lifecycle: Lifecycle, readsState: Bool = true) throws(SessionStoreError) -> Loaded? {
        guard let recordText = try text(layout.record) else { return try synthesize(lifecycle: lifecycle) }
        let probe: SessionRecord
        do {
            // The agent's name is in the record and the state in the agent's file: read the record first.
            probe = try SessionRecord(parsing: recordText, key: key, state: [:])
        } catch {
            throw .corrupted(layout.record, error, key)
        }
        let agentPath = try layout.agentFile(probe.session.agentName)
        var loaded = Loaded(record: probe, agentFields: nil, hasRecordFile: true, adoptedItems: false)
        if readsState, let agentText = try text(agentPath) {
            do {
                (loaded.agentFields, loaded.record.session.state) = try StrandsFiles.agent(agentText)
            } catch {
                throw .corrupted(agentPath, error, key)
            }
        }
        try adoptAppended(&loaded)
        return loaded
    }

    /// Counts messages Strands wrote past the last sequence number as appended items, unless
    /// they belong to a batch of this store that a crash cut short.
    private func adoptAppended(_ loaded: inout Loaded) throws(SessionStoreError) {
        let messages = try layout.messages(loaded.record.session.agentName)
        var checkedIntent = false
        while true {
            let next = loaded.record.session.lastSequence + 1
            let path = messages + "/" + FileLayout.messageName(sequence: next)
            guard let text = try text(path) else { return }
            if !checkedIntent {
                if fileSystem.exists(layout.batchIntent) { return }
                checkedIntent = true
            }
            let message: StrandsFiles.Message
            do {
                message = try StrandsFiles.message(text)
            } catch {
                throw .corrupted(path, error, key)
            }
            loaded.record.reopenTail()
            loaded.record.session.lastSequence = next
            loaded.record.countItem(
                next,
                bytes: message.content.byteCount,
                tokens: message.tokenCount,
                isPinned: message.isPinned
            )
            loaded.record.session.version += 1
            loaded.record.session.updatedAt = max(loaded.record.session.updatedAt, message.createdAt)
            loaded.adoptedItems = true
        }
    }

    /// Reads a session only Strands wrote: its files, in the lifecycle's initial phase.
    private func synthesize(lifecycle: Lifecycle) throws(SessionStoreError) -> Loaded? {
        guard let sessionText = try text(layout.strandsSession) else { return nil }
        let times: (createdAt: Timestamp, updatedAt: Timestamp)
        do {
            times = try StrandsFiles.session(sessionText)
        } catch {
            throw .corrupted(layout.strandsSession, error, key)
        }
        let agents = (try fileIO(key) { () throws(FileSystemError) in try fileSystem.list(layout.agents) } ?? [])
            .filter { $0.hasPrefix("agent_") }.map { String($0.dropFirst(6)) }.sorted()
        let agentID =
            agents.count == 1 || !agents.contains(FileLayout.defaultAgent) ? agents.first : FileLayout.defaultAgent
        var session = Session(
            id: key.id,
            app: key.app,
            phase: lifecycle.initial,
            createdAt: times.createdAt,
            updatedAt: max(times.createdAt, times.updatedAt)
        )
        var loaded = Loaded(
            record: SessionRecord(session: session),
            agentFields: nil,
            hasRecordFile: false,
            adoptedItems: false
        )
        guard let agentID else { return loaded }
        let agentName = agentID == FileLayout.defaultAgent ? "" : agentID
        guard (try? FileLayout.component(agentName, what: "agent name", field: "agent")) != nil || agentName.isEmpty
        else {
            throw .corrupted(
                layout.agents + "/agent_" + agentID,
                RecordError(reason: "the agent id is not a valid agent name"),
                key
            )
        }
        session.agentName = agentName
        let agentPath = try layout.agentFile(agentName)
        if let agentText = try text(agentPath) {
            do {
                (loaded.agentFields, session.state) = try StrandsFiles.agent(agentText)
                let agentTime = try FieldReader(fields: loaded.agentFields ?? [:]).timestamp("updated_at")
                session.updatedAt = max(session.updatedAt, agentTime)
            } catch {
                throw .corrupted(agentPath, error, key)
            }
        }
        let messages = try layout.messages(agentName)
        let sequences = (try fileIO(key) { () throws(FileSystemError) in try fileSystem.list(messages) } ?? [])
            .compactMap(FileLayout.sequence(ofMessage:)).sorted()
        var record = SessionRecord(session: session)
        var expected: Int64 = 1
        for sequence in sequences {
            let path = messages + "/" + FileLayout.messageName(sequence: sequence)
            guard let text = try text(path) else { continue }
            let message: StrandsFiles.Message
            do {
                message = try StrandsFiles.message(text)
            } catch {
                throw .corrupted(path, error, key)
            }
            record.removed += expected..<sequence
            expected = sequence + 1
            record.countItem(
                sequence,
                bytes: message.content.byteCount,
                tokens: message.tokenCount,
                isPinned: message.isPinned
            )
            record.session.updatedAt = max(record.session.updatedAt, message.createdAt)
        }
        record.session.lastSequence = expected - 1
        loaded.record = record
        return loaded
    }
}

public import AgentSessions
import Logging

extension FileSessionStore {
    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try await BlockingIOThreads.run { [self] in
            try query.validate(lifecycles: lifecycles)
            let ids: [SessionID]
            if let userID = query.userID, !userID.isEmpty {
                // The user index: one empty file per session of the user.
                let folder = try FileLayout.userSessions(userID, app: query.app)
                ids = try fileIO(nil) { () throws(FileSystemError) in try fileSystem.list(folder) ?? [] }
                    .compactMap { try? SessionID($0) }
            } else {
                ids = try sessionIDs(app: query.app)
            }
            var matching: [Session] = []
            for id in ids {
                guard let session = try readForScan(SessionKey(id, app: query.app)),
                    query.matches(session) && (query.cursor?.precedes(session) ?? true)
                else { continue }
                matching.append(session)
            }
            let order = query.order
            matching.sort { order.places(order.time(of: $0), $0.id, before: order.time(of: $1), $1.id) }
            var nextCursor: SessionCursor?
            if let limit = query.limit, matching.count > limit {
                matching.removeSubrange(limit...)
                nextCursor = matching.last.map { SessionCursor(after: $0, in: order) }
            }
            let shared = SharedStateFiles(fileSystem: fileSystem, app: query.app)
            let appState = try shared.appState()
            var userStates: [String: JSONObject?] = [:]
            for index in matching.indices {
                let userID = matching[index].userID
                if userStates[userID] == nil { userStates[userID] = try shared.userState(userID) }
                matching[index].state = StateScope.merged(
                    session: matching[index].state,
                    app: appState,
                    user: userStates[userID] ?? nil
                )
            }
            return SessionPage(sessions: matching, nextCursor: nextCursor)
        }
    }

    public func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
        try await BlockingIOThreads.run { [self] in
            let cutoff = try CleanupCutoff.idleCutoff(age: age, now: clock.now())
            if let app { try SessionKey.validateApp(app) }
            var deleted = 0
            for app in try app.map({ [$0] }) ?? appNames() {
                let lifecycle = lifecycles.lifecycle(for: app)
                removeTrash(app: app)
                for id in try sessionIDs(app: app) {
                    let key = SessionKey(id, app: app)
                    guard let session = try readForScan(key, readsState: false), cutoff.isStale(session) else {
                        continue
                    }
                    let folder = try SessionFolder(key, in: fileSystem)
                    let removed = try withWriteLock(folder) { () throws(SessionStoreError) -> Bool in
                        // Checked again under the lock: a write since the scan keeps the session.
                        guard let current = try folder.load(lifecycle: lifecycle, readsState: false)?.record.session,
                            cutoff.isStale(current)
                        else { return false }
                        try removeFolder(folder, session: current)
                        return true
                    }
                    if removed == true { deleted += 1 }
                }
            }
            return deleted
        }
    }

    public func statistics(app: String?) async throws -> SessionStatistics {
        try await BlockingIOThreads.run { [self] in
            if let app { try SessionKey.validateApp(app) }
            var tallies: [SessionStatistics.Tally] = []
            for app in try app.map({ [$0] }) ?? appNames() {
                let lifecycle = lifecycles.lifecycle(for: app)
                for id in try sessionIDs(app: app) {
                    let folder = try SessionFolder(SessionKey(id, app: app), in: fileSystem)
                    guard
                        let tally = try scanned(
                            folder.key,
                            { () throws(SessionStoreError) in
                                try folder.withLock(exclusive: false) { () throws(SessionStoreError) in
                                    try folder.load(lifecycle: lifecycle, readsState: false).map {
                                        loaded throws(SessionStoreError) in try tally(loaded.record, in: folder)
                                    }
                                } ?? nil
                            }
                        )
                    else { continue }
                    tallies.append(tally)
                }
            }
            return SessionStatistics(tallying: tallies)
        }
    }

    /// Reads a session for a listing, clean-up or statistics (own state only): a damaged one is
    /// logged and skipped, so that one bad folder never hides the others.
    private func readForScan(_ key: SessionKey, readsState: Bool = true) throws(SessionStoreError) -> Session? {
        let folder = try SessionFolder(key, in: fileSystem)
        let lifecycle = lifecycles.lifecycle(for: key.app)
        return try scanned(key) { () throws(SessionStoreError) in
            try folder.withLock(exclusive: false) { () throws(SessionStoreError) in
                try folder.load(lifecycle: lifecycle, readsState: readsState)?.record.session
            } ?? nil
        }
    }

    private func scanned<T>(_ key: SessionKey, _ body: () throws(SessionStoreError) -> T?) throws(SessionStoreError)
        -> T?
    {
        do {
            return try body()
        } catch  where error.code == .corrupted || error.code == .incompatibleSchema {
            logger.info(
                "skipping a session that cannot be read",
                metadata: [LogKey.sessionID: "\(key.id)", LogKey.app: "\(key.app)", LogKey.reason: "\(error.message)"]
            )
            return nil
        }
    }

    /// The ids of an app's session folders; names that are not valid ids are skipped.
    func sessionIDs(app: String) throws(SessionStoreError) -> [SessionID] {
        let folder = try FileLayout.component(app, what: "app name", field: "app")
        let names = try fileIO(nil) { () throws(FileSystemError) in try fileSystem.list(folder) ?? [] }
        var ids: [SessionID] = []
        for name in names where name.hasPrefix(FileLayout.sessionPrefix) {
            guard let id = try? SessionID(String(name.dropFirst(FileLayout.sessionPrefix.count))) else {
                logger.info(
                    "skipping a folder whose name is not a session id",
                    metadata: [LogKey.app: "\(app)", LogKey.path: "\(folder)/\(name)"]
                )
                continue
            }
            ids.append(id)
        }
        return ids
    }

    /// Removes what deletions cut short by a crash left behind: folders renamed away
    /// (`.trash-…`) but not yet removed.
    private func removeTrash(app: String) {
        guard let folder = try? FileLayout.component(app, what: "app name", field: "app"),
            let names = try? fileSystem.list(folder)
        else { return }
        for name in names where name.hasPrefix(".trash-") {
            try? fileSystem.removeTree(folder + "/" + name)
        }
    }

    /// The apps that have a folder.
    func appNames() throws(SessionStoreError) -> [String] {
        try fileIO(nil) { () throws(FileSystemError) in try fileSystem.list("") ?? [] }
            .filter { (try? SessionKey.validateApp($0)) != nil && !$0.hasPrefix(".") }.sorted()
    }

    /// A session's share of the statistics; the items of a record written before token counts
    /// were kept are read to count their tokens.
    private func tally(_ record: SessionRecord, in folder: SessionFolder) throws(SessionStoreError)
        -> SessionStatistics.Tally
    {
        var tokens = record.itemTokens ?? 0
        if record.itemTokens == nil {
            for item in try readItems(record, selecting(.all, from: record), in: folder) { tokens += item.tokenCount }
        }
        return SessionStatistics.Tally(
            session: record.session,
            itemCount: record.itemCount,
            itemBytes: record.itemBytes,
            tokens: tokens
        )
    }
}

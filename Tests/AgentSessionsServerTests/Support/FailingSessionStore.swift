import AgentSessions

/// A store whose every call fails with one error, such as a database that went away.
struct FailingSessionStore: SessionStore {
    /// The error every call throws; its message names a file, as a driver's might.
    let error: SessionStoreError

    var clock: any WallClock { SystemWallClock() }
    var lifecycles: LifecycleCatalog { LifecycleCatalog() }

    func create(_ new: NewSession) async throws -> Session { throw error }
    func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) { throw error }
    func session(_ key: SessionKey) async throws -> Session? { throw error }
    func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        throw error
    }
    func delete(_ key: SessionKey) async throws -> Int { throw error }
    func list(_ query: SessionQuery) async throws -> SessionPage { throw error }
    func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] { throw error }
    func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] { throw error }
    func pinnedItems(of key: SessionKey) async throws -> [SessionItem] { throw error }
    func popLastItem(of key: SessionKey) async throws -> SessionItem? { throw error }
    func clearItems(of key: SessionKey) async throws -> Int { throw error }
    func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session { throw error }
    func restore(_ session: Session) async throws -> Session { throw error }
    func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int { throw error }
    func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int { throw error }
    func statistics(app: String?) async throws -> SessionStatistics { throw error }
    func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction { throw error }
    func compactions(of key: SessionKey) async throws -> [Compaction] { throw error }
    func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int { throw error }
}

public import AgentSessions

// TEMPORARY (issue 19 in progress): replaced by the HTTP store's compactions.
extension HTTPSessionStore {
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        throw SessionStoreError(.unavailable, "compactions are not yet implemented by the HTTP store")
    }

    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        throw SessionStoreError(.unavailable, "compactions are not yet implemented by the HTTP store")
    }

    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        throw SessionStoreError(.unavailable, "compactions are not yet implemented by the HTTP store")
    }
}

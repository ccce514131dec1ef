public import AgentSessions

// TEMPORARY (issue 19 in progress): replaced by the file store's compactions.
extension FileSessionStore {
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        throw SessionStoreError(.unavailable, "compactions are not yet implemented by the file store")
    }

    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        throw SessionStoreError(.unavailable, "compactions are not yet implemented by the file store")
    }

    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        throw SessionStoreError(.unavailable, "compactions are not yet implemented by the file store")
    }
}

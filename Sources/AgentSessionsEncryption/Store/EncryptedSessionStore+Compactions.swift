public import AgentSessions

extension EncryptedSessionStore {
    /// Stores a compaction with its summary sealed like an item's content.
    /// - Throws: `SessionStoreError` as the wrapped store's `addCompaction(_:to:)`.
    @discardableResult
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        guard isEncrypted(key.app) else { return try await base.addCompaction(compaction, to: key) }
        // The summary is checked as the caller gave it, not as its sealed envelope.
        try compaction.validate()
        var sealed = compaction
        sealed.summary = try sealedContent(compaction.summary, of: key)
        var stored = try await base.addCompaction(sealed, to: key)
        stored.summary = compaction.summary
        return stored
    }

    /// The compactions, with their summaries decrypted.
    /// - Throws: `SessionStoreError`: as the wrapped store's `compactions(of:)`; corrupted when a
    ///   summary does not decrypt.
    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        try await openCompactions(try await base.compactions(of: key), of: key)
    }

    /// Restores compactions with their summaries sealed like an item's content.
    /// - Throws: `SessionStoreError` as the wrapped store's `restoreCompactions(_:to:)`.
    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        guard isEncrypted(key.app) else { return try await base.restoreCompactions(compactions, to: key) }
        var sealed = compactions
        for index in sealed.indices {
            try compactions[index].validate(of: key.id)
            sealed[index].summary = try sealedContent(compactions[index].summary, of: key)
        }
        return try await base.restoreCompactions(sealed, to: key)
    }

    /// Compactions with their summaries decrypted. A summary is opened as an item at the
    /// compaction's last sequence number would be, so that a fork opens the summaries of the
    /// compactions it copied.
    func openCompactions(_ compactions: [Compaction], of key: SessionKey) async throws -> [Compaction] {
        guard isEncrypted(key.app) else { return compactions }
        let summaries = compactions.map {
            SessionItem(sequence: $0.lastSequence, createdAt: $0.createdAt, content: $0.summary)
        }
        var opened = compactions
        for (index, summary) in try await openItems(summaries, of: key).enumerated() {
            opened[index].summary = summary.content
        }
        return opened
    }
}

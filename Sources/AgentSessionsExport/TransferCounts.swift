import AgentSessions

/// What an export or an import has done so far.
public struct TransferCounts: Hashable, Sendable {
    /// Sessions written to the export, or restored into the store.
    public var sessions = 0
    /// Items written to the export, or restored into the store.
    public var items = 0
    /// Compactions written to the export, or restored into the store.
    public var compactions = 0
    /// Compactions of the import that the store held already: not stored again.
    public var skippedCompactions = 0
    /// Sessions of the import that the store held already (imported before): not stored again.
    public var skippedSessions = 0
    /// Items of the import that the store held already: not stored again.
    public var skippedItems = 0
    /// Items of the import left out because of an error: their own line's, or their session's.
    public var rejectedItems = 0
    /// Problems met by the import, each reported with its line number.
    public var errors = 0

    /// No sessions, no items.
    public init() {}
}

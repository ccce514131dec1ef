public import AgentSessions

extension TransferCounts {
    /// The counts as JSON: `{sessions, items, compactions, skipped_sessions, skipped_items,
    /// skipped_compactions, rejected_items, errors}`.
    public var jsonValue: JSONValue {
        [
            "sessions": .int(Int64(sessions)),
            "items": .int(Int64(items)),
            "skipped_sessions": .int(Int64(skippedSessions)),
            "skipped_items": .int(Int64(skippedItems)),
            "compactions": .int(Int64(compactions)),
            "skipped_compactions": .int(Int64(skippedCompactions)),
            "rejected_items": .int(Int64(rejectedItems)),
            "errors": .int(Int64(errors)),
        ]
    }
}

import AgentSessions
import AgentSessionsExport

extension TransferCounts {
    /// The line an export ends with: `exported 120 sessions, 48,210 items in 2.1s` (and the
    /// compactions, when there are any).
    func exportSummary(elapsed: Duration) -> String {
        "exported \(ProgressReporter.counted(sessions, "session")), \(ProgressReporter.counted(items, "item"))"
            + compactionsText + " in \(elapsed.shortText)"
    }

    /// `, 3 compactions`, or nothing when there are none.
    private var compactionsText: String {
        compactions > 0 ? ", \(ProgressReporter.counted(compactions, "compaction"))" : ""
    }

    /// The line an import ends with: `imported 120 sessions, 48,210 items, skipped 3 sessions
    /// and 10 items already present, 1 error (4 items left out) in 2.1s`.
    func importSummary(elapsed: Duration) -> String {
        var text =
            "imported \(ProgressReporter.counted(sessions, "session")), \(ProgressReporter.counted(items, "item"))"
            + compactionsText
        if skippedSessions > 0 || skippedItems > 0 || skippedCompactions > 0 {
            text +=
                ", skipped \(ProgressReporter.counted(skippedSessions, "session")) and "
                + "\(ProgressReporter.counted(skippedItems, "item")) already present"
            if skippedCompactions > 0 { text += " (and \(ProgressReporter.counted(skippedCompactions, "compaction")))" }
        }
        if errors > 0 { text += ", \(ProgressReporter.counted(errors, "error"))" }
        if rejectedItems > 0 { text += " (\(ProgressReporter.counted(rejectedItems, "item")) left out)" }
        return text + " in \(elapsed.shortText)"
    }

    /// The counts as JSON with the time taken: ``TransferCounts/jsonValue`` and `seconds`.
    func jsonValue(elapsed: Duration) -> JSONValue {
        var object = jsonValue.objectValue ?? [:]
        object["seconds"] = .double(elapsed.secondsDouble)
        return .object(object)
    }
}

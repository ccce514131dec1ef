import AgentSessions

// The text `agent-sessions` prints for people (without `--json`).

extension Session {
    /// Every field, one per line, then the phase history.
    var detailText: String {
        var lines = TextTable.fields([
            ("id", id.rawValue),
            ("app", app),
            ("user", userID.orDash),
            ("agent", agentName.orDash),
            ("parent", parentID?.rawValue ?? "-"),
            ("kind", kind.rawValue),
            ("title", (title ?? "").orDash),
            ("tags", tags.isEmpty ? "-" : tags.joined(separator: ", ")),
            ("phase", phase.rawValue + (isResumeReady ? " (resume ready)" : "")),
            ("created", createdAt.iso8601),
            ("updated", updatedAt.iso8601),
            ("finalized", finalizedAt?.iso8601 ?? "-"),
            ("outcome", outcome?.rawValue ?? "-"),
            ("summary", summary ?? "-"),
            ("duration", duration.map(\.shortText) ?? "-"),
            ("errors", "\(errorCount)" + (lastError.map { " (last: \($0))" } ?? "")),
            ("resumes", "\(resumeCount)"),
            ("version", "\(version)"),
            ("expires", expiresAt?.iso8601 ?? "-"),
            ("last item", lastSequence == 0 ? "-" : "#\(lastSequence)"),
            ("metadata", JSONValue.object(metadata).jsonText),
            ("state", JSONValue.object(state).jsonText),
        ])
        if !phaseHistory.isEmpty {
            lines += "\nhistory"
            for transition in phaseHistory {
                lines += "\n  \(transition.at.iso8601)  \(transition.from) -> \(transition.to)"
            }
        }
        return lines
    }

    /// One line: the id, phase, version and, once finalized, the outcome and duration.
    var summaryLine: String {
        var text = "\(id)  phase \(phase)  version \(version)"
        if let duration, let outcome { text += "  \(outcome) after \(duration.shortText)" }
        return text
    }
}

extension String {
    /// The text, or `-` when it is empty.
    var orDash: String { isEmpty ? "-" : self }
}

extension Duration {
    /// The duration in seconds with one decimal, such as `12.5s`.
    var shortText: String {
        let tenths = (secondsDouble * 10).rounded()
        return "\(Int64(tenths) / 10).\(abs(Int64(tenths) % 10))s"
    }
}

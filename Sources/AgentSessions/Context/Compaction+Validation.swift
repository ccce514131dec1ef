// The rules a compaction obeys, written once for every store.

extension NewCompaction {
    /// Checks the values that do not depend on the stored session.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a range that is empty, starts
    ///   below 1 or ends past ``Session/largestCount``, a summary that is not a JSON object, a
    ///   negative or huge token count, or a malformed author.
    package func validate() throws(SessionStoreError) {
        try CompactionRules.validate(
            first: firstSequence,
            last: lastSequence,
            summary: summary,
            author: author,
            tokens: (tokensBefore, tokensAfter)
        )
    }

    /// Checks the compaction against the session it goes to, inside the store's transaction.
    /// - Parameters:
    ///   - key: The session.
    ///   - lastItem: The session's last sequence number.
    ///   - latest: The session's latest compaction, if any.
    /// - Throws: ``SessionStoreError``: invalid argument (the range reaches past the session's
    ///   last item), version conflict (the latest compaction already reaches as far).
    package func validate(in key: SessionKey, lastItem: Int64, latest: Compaction?) throws(SessionStoreError) {
        guard lastSequence <= lastItem else {
            throw .invalid(
                "last_seq",
                "session '\(key.id)' has items up to \(lastItem); a compaction cannot reach item \(lastSequence)"
            )
        }
        if let latest, lastSequence <= latest.lastSequence {
            throw SessionStoreError(
                .versionConflict,
                "session '\(key.id)' is already compacted through item \(latest.lastSequence) (compaction "
                    + "\(latest.number)); a new compaction must reach past it: read the items again and retry",
                field: "last_seq"
            )
        }
    }
}

extension Compaction {
    /// Checks a compaction given to ``SessionStore/restore(_:to:)-(Compaction)``.
    /// - Throws: ``SessionStoreError`` (invalid argument) as ``NewCompaction``'s rules, and for a
    ///   number below 1 or a time outside the years 1 to 9999.
    package func validate(of id: SessionID) throws(SessionStoreError) {
        guard number >= 1, number <= Session.largestCount else {
            throw .invalid(
                "number",
                "compaction number \(number) of session '\(id)' must be from 1 to \(Session.largestCount)"
            )
        }
        try CompactionRules.validate(
            first: firstSequence,
            last: lastSequence,
            summary: summary,
            author: author,
            tokens: (tokensBefore, tokensAfter)
        )
        try createdAt.validateStorable(field: "created_at", of: id)
    }

    /// Checks compactions to restore to a session and keeps those past the stored ones.
    /// - Parameters:
    ///   - compactions: The compactions, ascending by number, each reaching past the one before.
    ///   - stored: The session's latest stored compaction, if any.
    ///   - lastItem: The session's last sequence number.
    ///   - key: The session.
    /// - Returns: The compactions to store.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a malformed compaction, numbers or
    ///   ranges out of order, or a range past the session's last item.
    package static func restorable(
        _ compactions: [Compaction],
        after stored: Compaction?,
        lastItem: Int64,
        in key: SessionKey
    ) throws(SessionStoreError) -> [Compaction] {
        var previous: Compaction?
        for compaction in compactions {
            try compaction.validate(of: key.id)
            if let previous, compaction.number <= previous.number || compaction.lastSequence <= previous.lastSequence {
                throw .invalid(
                    "compactions",
                    "compactions of session '\(key.id)' must be given by ascending number, each reaching past the "
                        + "one before; compaction \(compaction.number) follows \(previous.number)"
                )
            }
            guard compaction.lastSequence <= lastItem else {
                throw .invalid(
                    "last_seq",
                    "compaction \(compaction.number) of session '\(key.id)' reaches item \(compaction.lastSequence), "
                        + "past the session's last item \(lastItem)"
                )
            }
            previous = compaction
        }
        let kept = compactions.filter { $0.number > (stored?.number ?? 0) }
        if let stored, let first = kept.first, first.lastSequence <= stored.lastSequence {
            throw .invalid(
                "compactions",
                "compaction \(first.number) of session '\(key.id)' does not reach past the stored compaction "
                    + "\(stored.number) (item \(stored.lastSequence))"
            )
        }
        return kept
    }
}

/// The checks shared by new and restored compactions.
enum CompactionRules {
    static func validate(
        first: Int64,
        last: Int64,
        summary: JSONDocument,
        author: CompactionAuthor,
        tokens: (before: Int64, after: Int64)
    ) throws(SessionStoreError) {
        guard first >= 1 else { throw .invalid("first_seq", "first_seq must be 1 or more, not \(first)") }
        guard last >= first else {
            throw .invalid("last_seq", "last_seq (\(last)) must be at least first_seq (\(first))")
        }
        guard last <= Session.largestCount else {
            throw .invalid("last_seq", "last_seq \(last) is past the largest sequence number (\(Session.largestCount))")
        }
        guard summary.text.utf8.first == UInt8(ascii: "{"), summary.text.utf8.last == UInt8(ascii: "}") else {
            throw .invalid(
                "summary",
                "a compaction's summary must be a JSON object ({…}) with nothing around it, an item a model can read"
            )
        }
        for (field, count) in [("tokens_before", tokens.before), ("tokens_after", tokens.after)] {
            guard count >= 0, count <= Session.largestCount else {
                throw .invalid(field, "\(field) must be from 0 to \(Session.largestCount), not \(count)")
            }
        }
        if case .summarizer(let agent, let model) = author {
            try Identifier.validate(agent, field: "author.agent", what: "agent name", allowsEmpty: false)
            let control = model.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            guard !model.isEmpty, model.utf8.count <= 1000, !control else {
                throw .invalid(
                    "author.model",
                    "a summarizer's model name must be 1 to 1000 bytes without control characters"
                )
            }
        }
    }
}

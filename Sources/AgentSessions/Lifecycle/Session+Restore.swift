// The rules of `SessionStore.restore(_:)` and `restore(_:to:)`, written once for every store.

extension Session {
    /// Checks a session given to ``SessionStore/restore(_:)`` and splits its state by scope.
    ///
    /// - Parameter lifecycle: The app's lifecycle.
    /// - Returns: The session with its own state only (no `null` values, no `temp:` keys) and the
    ///   `app:` and `user:` keys for the shared scopes.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a malformed id, app, user or agent,
    ///   a phase (current, in the history, or the outcome) the lifecycle does not know, an outcome
    ///   that is not final or without a finalization time, a session that is its own parent, a
    ///   NUL in the summary or the last error, a malformed title or tag, a version below 1, a negative count, a count or
    ///   version past ``Session/largestCount``, or a time outside the years 1 to 9999.
    package func restorable(lifecycle: Lifecycle) throws(SessionStoreError) -> (
        session: Session, shared: SharedStateDelta
    ) {
        try SessionKey.validateApp(app)
        _ = try SessionID(id.rawValue)
        if let parentID { _ = try SessionID(parentID.rawValue) }
        try Identifier.validate(userID, field: "user_id", what: "user id", allowsEmpty: true)
        try Identifier.validate(agentName, field: "agent", what: "agent name", allowsEmpty: true)
        try lifecycle.validate(phase)
        for transition in phaseHistory {
            try lifecycle.validate(transition.from, field: "history")
            try lifecycle.validate(transition.to, field: "history")
        }
        if parentID == id {
            throw .invalid("parent_id", "session '\(id)' cannot be its own parent; give another parent or none")
        }
        switch (outcome, finalizedAt) {
        case (let outcome?, _?):
            try lifecycle.validate(outcome, field: "outcome")
            guard lifecycle.isFinal(outcome) else {
                throw .invalid("outcome", "outcome '\(outcome)' of session '\(id)' is not a final phase")
            }
        case (nil, nil):
            break
        default:
            throw .invalid(
                "finalized_at",
                "session '\(id)' has an outcome without a finalization time or the other way round; give both or neither"
            )
        }
        for (field, text) in [("summary", summary), ("last_error", lastError)] where text?.utf8.contains(0) == true {
            throw .invalid(field, "\(field) of session '\(id)' contains a NUL character (U+0000); remove it")
        }
        guard version >= 1 else { throw .invalid("version", "version \(version) of session '\(id)' is below 1") }
        let counts = [
            ("last_sequence", lastSequence), ("error_count", Int64(errorCount)), ("resume_count", Int64(resumeCount)),
        ]
        if let negative = counts.first(where: { $0.1 < 0 }) {
            throw .invalid(negative.0, "\(negative.0) of session '\(id)' is \(negative.1); it cannot be negative")
        }
        if let huge = (counts + [("version", version)]).first(where: { $0.1 > Session.largestCount }) {
            throw .invalid(
                huge.0,
                "\(huge.0) of session '\(id)' is \(huge.1), past the largest a store keeps (\(Session.largestCount))"
            )
        }
        let times: [(String, Timestamp?)] =
            [
                ("created_at", createdAt), ("updated_at", updatedAt), ("finalized_at", finalizedAt),
                ("expires_at", expiresAt),
            ]
            + phaseHistory.map { ("history", $0.at) }
        for case (let field, let time?) in times { try time.validateStorable(field: field, of: id) }
        let (ownState, shared) = try StateScope.split(state.filter { !$0.value.isNull }, userID: userID)
        var restored = self
        restored.title = try SessionLabels.title(title)
        restored.tags = try SessionLabels.tags(tags)
        restored.state = ownState
        restored.metadata = metadata.filter { !$0.value.isNull }
        return (restored, shared)
    }
}

extension Array where Element == SessionItem {
    /// Checks items given to ``SessionStore/restore(_:to:)`` and returns those to store: the
    /// ones above the highest sequence number already stored.
    ///
    /// - Parameters:
    ///   - key: The session, for messages.
    ///   - lastSequence: The session's last sequence number.
    ///   - highestStored: The highest sequence number of an item stored in the session, or 0.
    /// - Throws: ``SessionStoreError`` (invalid argument) for sequence numbers out of order,
    ///   below 1 or past `lastSequence`, a malformed item id, an id given to two items, or a
    ///   creation time outside the years 1 to 9999.
    package func restorable(
        to key: SessionKey,
        lastSequence: Int64,
        highestStored: Int64
    ) throws(SessionStoreError) -> ArraySlice<SessionItem> {
        var previous: Int64 = 0
        var itemIDs: Set<String> = []
        for item in self {
            guard item.sequence > previous else {
                throw .invalid(
                    "seq",
                    "item \(item.sequence) of session '\(key.id)' is not above the item before it (\(previous)); "
                        + "give items in ascending order of sequence number, from 1"
                )
            }
            guard item.sequence <= lastSequence else {
                throw .invalid(
                    "seq",
                    "item \(item.sequence) is past the last sequence number of session '\(key.id)' (\(lastSequence))"
                )
            }
            previous = item.sequence
            try item.createdAt.validateStorable(field: "created_at", of: key.id)
            if let tokens = item.tokens { try SessionItem.validate(tokens: tokens) }
            guard let itemID = item.itemID else { continue }
            try Identifier.validate(itemID, field: "item_id", what: "item id", allowsEmpty: false)
            guard itemIDs.insert(itemID).inserted else {
                throw .invalid("item_id", "item id '\(itemID)' is given to two items of session '\(key.id)'")
            }
        }
        return self[partitioningIndex { $0.sequence > highestStored }...]
    }
}

extension SessionStoreError {
    /// The error for a restored item whose id another item of the session has.
    package static func itemIDTaken(
        _ itemID: String,
        by sequence: Int64,
        in key: SessionKey,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        SessionStoreError(
            .invalidArgument,
            "item id '\(itemID)' is already used by item \(sequence) of session '\(key.id)'; "
                + "an item id names one item of its session",
            field: "item_id",
            file: file,
            line: line
        )
    }
}

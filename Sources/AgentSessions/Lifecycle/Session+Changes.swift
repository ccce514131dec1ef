// The rules every store applies, written once: backends read the stored session, call these
// pure functions, and write the result back in the same transaction.

extension Session {
    /// Builds a new session from a request.
    ///
    /// The returned session holds only its own state; the shared part of the initial state is
    /// returned separately for the store to merge into the app and user scopes.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a bad app, user, agent or phase,
    ///   a session that would be its own parent, `user:` state without a user, or an expiry
    ///   outside the years 1 to 9999.
    package static func make(
        from new: NewSession,
        lifecycle: Lifecycle,
        now: Timestamp
    ) throws(SessionStoreError) -> (session: Session, shared: SharedStateDelta) {
        try SessionKey.validateApp(new.app)
        try Identifier.validate(new.userID, field: "user_id", what: "user id", allowsEmpty: true)
        try Identifier.validate(new.agentName, field: "agent", what: "agent name", allowsEmpty: true)
        let phase = new.phase ?? lifecycle.initial
        try lifecycle.validate(phase)
        if lifecycle.isFinal(phase) {
            throw .invalid(
                "phase",
                "a session cannot start in the final phase '\(phase)'; finalize it after creating it"
            )
        }
        try new.expiresAt?.validateStorable(field: "expires_at", of: new.id)
        try new.checkParentIsAnother()
        let title = try SessionLabels.title(new.title)
        let tags = try SessionLabels.tags(new.tags)
        var metadata = JSONObject()
        metadata.merge(patch: new.metadata)
        // A create only adds: null values are ignored in every scope.
        let (ownState, shared) = try StateScope.split(new.state.filter { !$0.value.isNull }, userID: new.userID)
        let session = Session(
            id: new.id ?? SessionID.generate(prefix: new.agentName.isEmpty ? nil : new.agentName),
            app: new.app,
            userID: new.userID,
            agentName: new.agentName,
            parentID: new.parentID,
            kind: new.kind,
            phase: phase,
            isResumeReady: new.isResumeReady,
            state: ownState,
            metadata: metadata,
            title: title,
            tags: tags,
            createdAt: now,
            updatedAt: now,
            expiresAt: new.expiresAt
        )
        return (session, shared)
    }

    /// Applies an update, following the lifecycle's rules.
    ///
    /// - Parameters:
    ///   - update: The change.
    ///   - lifecycle: The app's lifecycle.
    ///   - expectedVersion: If given, the version the caller last read.
    ///   - now: The current time.
    /// - Returns: The new session (own state only, version + 1, updated_at = now) and the part
    ///   of the state delta for the shared scopes.
    /// - Throws: ``SessionStoreError``: invalid argument (unknown phase, outcome not final,
    ///   phase and finalization together, a NUL character in a summary or error, `user:` state
    ///   without a user, an expiry outside the years 1 to 9999), version conflict (stale `expectedVersion`), finalized (leaving a final
    ///   phase, finalizing twice, or marking a finalized session resume-ready or resumed).
    package func applying(
        _ update: SessionUpdate,
        lifecycle: Lifecycle,
        expectedVersion: Int64?,
        now: Timestamp
    ) throws(SessionStoreError) -> (session: Session, shared: SharedStateDelta) {
        if let phase = update.phase { try lifecycle.validate(phase) }
        if let finalization = update.finalization {
            guard update.phase == nil else {
                throw .invalid("phase", "give either a phase or a finalization, not both; finalizing sets the phase")
            }
            try lifecycle.validate(finalization.outcome, field: "outcome")
            guard lifecycle.isFinal(finalization.outcome) else {
                throw .invalid(
                    "outcome",
                    "outcome '\(finalization.outcome)' is not a final phase; use one of "
                        + lifecycle.final.map(\.rawValue).sorted().joined(separator: ", ")
                )
            }
        }
        try Self.refuseNUL(update.finalization?.summary, field: "summary")
        try Self.refuseNUL(update.error, field: "error")
        let split = try update.state.map { delta throws(SessionStoreError) in
            try StateScope.split(delta, userID: userID)
        }
        try update.expiresAt?.validateStorable(field: "expires_at", of: id)
        let title = try update.title.map { title throws(SessionStoreError) in try SessionLabels.title(title) }
        let tags = try update.tags.map { tags throws(SessionStoreError) in try SessionLabels.tags(tags) }
        if let expectedVersion, expectedVersion != version {
            throw .staleVersion(key, expected: expectedVersion, actual: version)
        }
        let finalization =
            update.finalization
            ?? update.phase.flatMap { lifecycle.isFinal($0) ? SessionUpdate.Finalization(outcome: $0) : nil }
        if isFinalized, finalization != nil || update.isResumeReady == true || update.recordsResume {
            throw SessionStoreError(
                .finalized,
                "session '\(id)' was finalized as '\(outcome?.rawValue ?? phase.rawValue)' at \(finalizedAt!); "
                    + "it cannot be finalized again, resumed or marked resume-ready; fork it to continue",
                field: finalization != nil ? "outcome" : "resume_ready"
            )
        }
        var next = self
        if let finalization {
            next.move(to: finalization.outcome, at: now)
            next.finalizedAt = now
            next.outcome = finalization.outcome
            next.summary = finalization.summary
            next.isResumeReady = false
        } else if let phase = update.phase, phase != self.phase {
            guard !lifecycle.isFinal(self.phase) else {
                throw SessionStoreError(
                    .finalized,
                    "session '\(id)' is in the final phase '\(self.phase)' and cannot move to '\(phase)'; "
                        + "fork it or create a new session to continue",
                    field: "phase"
                )
            }
            next.move(to: phase, at: now)
        }
        if let metadata = update.metadata { next.metadata.merge(patch: metadata) }
        if let split { next.state.merge(patch: split.session) }
        if let isResumeReady = update.isResumeReady, finalization == nil { next.isResumeReady = isResumeReady }
        if let error = update.error {
            next.errorCount += 1
            next.lastError = error
        }
        if update.recordsResume { next.resumeCount += 1 }
        if let expiresAt = update.expiresAt { next.expiresAt = expiresAt }
        if let title { next.title = title }
        if let tags { next.tags = tags }
        next.version += 1
        next.updatedAt = now
        return (next, split?.shared ?? SharedStateDelta())
    }

    /// Stores keep summaries and errors as text, where a NUL character would cut them short.
    private static func refuseNUL(_ text: String?, field: String) throws(SessionStoreError) {
        guard let text, text.utf8.contains(0) else { return }
        throw .invalid(field, "\(field) contains a NUL character (U+0000); remove it")
    }

    private mutating func move(to phase: Phase, at now: Timestamp) {
        phaseHistory.append(PhaseTransition(from: self.phase, to: phase, at: now))
        self.phase = phase
    }

    /// The first version of a copy of this session under a new id, as ``SessionStore/fork(_:through:as:)``
    /// makes it: same app, user, agent, title, tags and own state (no parent), metadata plus `forked_from`, the
    /// lifecycle's initial phase, and `lastSequence` set to the last copied item.
    package func forked(
        as newID: SessionID,
        through sequence: Int64,
        lastCopiedSequence: Int64,
        lifecycle: Lifecycle,
        now: Timestamp
    ) -> Session {
        var metadata = self.metadata
        metadata["forked_from"] = .object(["id": .string(id.rawValue), "sequence": .int(sequence)])
        return Session(
            id: newID,
            app: app,
            userID: userID,
            agentName: agentName,
            kind: .persistent,
            phase: lifecycle.initial,
            state: state,
            metadata: metadata,
            title: title,
            tags: tags,
            createdAt: now,
            updatedAt: now,
            lastSequence: lastCopiedSequence
        )
    }
}

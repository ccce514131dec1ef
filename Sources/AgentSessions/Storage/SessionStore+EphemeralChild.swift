extension SessionStore {
    /// Runs work in a short-lived child session that is always deleted afterwards (seed 000).
    ///
    /// The child gets a collision-free id (the name followed by a random UUID), the parent's
    /// app and user, kind ``SessionKind/ephemeral``, and the parent as its parent. It is
    /// deleted when `body` returns, when it throws, and when the task is cancelled: the
    /// deletion runs even in a cancelled task.
    ///
    /// ```swift
    /// let answer = try await store.withEphemeralChild(of: root.key, name: "search") { child in
    ///     try await store.append([NewItem(["role": "user", "content": query])], to: child.key)
    ///     return try await runSubAgent(child)
    /// }
    /// ```
    /// - Parameters:
    ///   - parent: The parent session; it must exist.
    ///   - name: A readable prefix for the child's id, such as the task or agent name.
    ///   - agentName: The child's agent; defaults to `name`.
    ///   - body: The work, given the child session.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or ``SessionStoreError`` if the child cannot be created or
    ///   deleted.
    public func withEphemeralChild<Result: Sendable>(
        of parent: SessionKey,
        name: String,
        agentName: String? = nil,
        _ body: (Session) async throws -> Result
    ) async throws -> Result {
        let parentSession = try await requireSession(parent)
        let child = try await create(
            NewSession(
                id: SessionID.generate(prefix: name),
                app: parent.app,
                userID: parentSession.userID,
                agentName: agentName ?? name,
                parentID: parent.id,
                kind: .ephemeral
            )
        )
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(child))
        } catch {
            result = .failure(error)
        }
        try await deleteEvenIfCancelled(child.key)
        return try result.get()
    }

    /// Deletes a session in a task of its own, so that the caller's cancellation does not stop it.
    private func deleteEvenIfCancelled(_ key: SessionKey) async throws {
        let store = self
        try await Task {
            do {
                try await store.delete(key)
            } catch let error as SessionStoreError where error.code == .notFound {
                // The body deleted it already.
            }
        }.value
    }
}

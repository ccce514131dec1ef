extension SessionStoreError {
    /// The error for storage that a newer AgentSessions wrote: it records schema steps this
    /// version does not know. Shared by the database backends.
    /// - Parameters:
    ///   - storage: The storage, such as "the session database at ./s.sqlite".
    ///   - unknownSteps: The steps this version does not know, sorted.
    ///   - alternative: What else the user can open, such as "another database".
    package static func newerSchema(_ storage: String, unknownSteps: [String], alternative: String) -> Self {
        SessionStoreError(
            .incompatibleSchema,
            "\(storage) was written by a newer AgentSessions (schema steps " + unknownSteps.joined(separator: ", ")
                + " are unknown to this version); upgrade AgentSessions or use \(alternative); nothing was changed"
        )
    }
}

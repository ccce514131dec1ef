extension ResumeDecision {
    /// The decision as JSON: `{id, should_resume, reason}`.
    /// - Parameter key: The session the decision is about.
    public func jsonValue(for key: SessionKey) -> JSONValue {
        ["id": .string(key.id.rawValue), "should_resume": .bool(shouldResume), "reason": .string(reason.rawValue)]
    }
}

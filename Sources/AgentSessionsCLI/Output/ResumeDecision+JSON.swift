import AgentSessions

extension ResumeDecision {
    /// The decision as JSON: `{id, should_resume, reason}`.
    func jsonValue(for key: SessionKey) -> JSONValue {
        ["id": .string(key.id.rawValue), "should_resume": .bool(shouldResume), "reason": .string(reason.rawValue)]
    }
}

import AgentSessions

/// Seed 002's pre-delegate hook: before a task is delegated to an agent, resume the agent's
/// session when the policy allows it, or start a new one.
///
/// Input: `{agent_name, task_id, agent_id?, task_description, metadata}`. Output:
/// `{should_resume, reason, agent_id, resume_metadata, original_context}`, where `agent_id` is
/// the session to use: the resumed one, or the new one (with `should_resume` false and the
/// reason the old one was not resumed, `no_agent_id` when none was given).
struct PreDelegateHook {
    /// The store.
    var store: any SessionStore
    /// The app of the sessions.
    var app: String
    /// When a session may be resumed.
    var policy: ResumePolicy

    /// Decides, records a resume or creates a session, and returns the answer.
    /// - Throws: ``CommandFailure`` (invalid input) for a malformed field, ``SessionStoreError``
    ///   from the store.
    func run(_ input: HookInput) async throws -> JSONValue {
        let agentName = try input.requiredString("agent_name")
        let metadata = try input.object("metadata")
        let taskDescription = try input.string("task_description")
        let previousID = try input.sessionID("agent_id")
        var reason = "no_agent_id"
        if let previousID {
            let key = SessionKey(previousID, app: app)
            try policy.validate(against: store.lifecycles.lifecycle(for: app))
            switch try await resume(key) {
            case .resumed(let session, let decision):
                return answer(resuming: session, reason: decision.reason.rawValue, input: input)
            case .declined(let decision):
                reason = decision.reason.rawValue
            }
        }
        var sessionMetadata = metadata
        sessionMetadata["task_id"] = input.object["task_id"]
        sessionMetadata["task_description"] = taskDescription.map(JSONValue.string)
        sessionMetadata["previous_agent_id"] = previousID.map { .string($0.rawValue) }
        let session = try await store.create(NewSession(app: app, agentName: agentName, metadata: sessionMetadata))
        var answer: JSONObject = [
            "should_resume": false,
            "reason": .string(reason),
            "agent_id": .string(session.id.rawValue),
            "resume_metadata": .null,
            "original_context": .object(input.object),
        ]
        answer["previous_agent_id"] = previousID.map { .string($0.rawValue) }
        return .object(answer)
    }

    /// What happened to the previous session.
    private enum ResumeOutcome {
        case resumed(Session, ResumeDecision)
        case declined(ResumeDecision)
    }

    /// Decides on the session as read, and records the resume only if nobody wrote to the
    /// session in between (deciding again if someone did), so that a session finalized by
    /// another process at the same moment is never reported as resumed.
    private func resume(_ key: SessionKey) async throws -> ResumeOutcome {
        let lifecycle = store.lifecycles.lifecycle(for: key.app)
        var attempt = 0
        while true {
            attempt += 1
            let session = try await store.session(key)
            let decision = policy.decide(session.map(ResumeFacts.init), lifecycle: lifecycle, now: store.clock.now())
            guard let session, decision.shouldResume else { return .declined(decision) }
            do {
                let resumed = try await store.update(
                    key,
                    SessionUpdate(recordsResume: true),
                    expectedVersion: session.version
                )
                return .resumed(resumed, decision)
            } catch let error as SessionStoreError where error.code == .versionConflict && attempt < 5 {
                continue
            }
        }
    }

    /// The answer for a resumed session.
    private func answer(resuming session: Session, reason: String, input: HookInput) -> JSONValue {
        [
            "should_resume": true,
            "reason": .string(reason),
            "agent_id": .string(session.id.rawValue),
            "resume_metadata": session.resumeMetadataJSONValue,
            "original_context": .object(input.object),
        ]
    }
}

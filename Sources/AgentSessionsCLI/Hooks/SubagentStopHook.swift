import AgentSessions

/// Seed 002's subagent-stop hook: when an agent stops, finalize its session.
///
/// Input: `{agent_id, exit_code, summary?, error?, …}`. Exit code 0 (or none) finalizes as
/// `completed`; any other as `failed`, recording `error` (or "subagent exited with code N") as
/// the session's last error. Output: `{finalized: true, agent_id, outcome, summary,
/// duration_seconds, exit_code}`, or `{finalized: false, agent_id, reason, …}` when there is
/// nothing to finalize: no agent id (`no_agent_id`), no such session (`not_found`), or a session
/// finalized already (`already_finalized`).
struct SubagentStopHook {
    /// The store.
    var store: any SessionStore
    /// The app of the sessions.
    var app: String

    /// Finalizes the session named by the input, if there is one, and returns the answer.
    /// - Throws: ``CommandFailure`` (invalid input) for a malformed field, ``SessionStoreError``
    ///   from the store other than not found and finalized.
    func run(_ input: HookInput) async throws -> JSONValue {
        let id = try input.sessionID("agent_id")
        let exitCode = try input.integer("exit_code") ?? 0
        let summary = try input.string("summary")
        let error = try input.string("error")
        guard let id else {
            return notFinalized(
                agentID: nil,
                reason: "no_agent_id",
                message: "no agent_id was given; nothing to finalize"
            )
        }
        let outcome: Phase = exitCode == 0 ? .completed : .failed
        let update = SessionUpdate(
            error: exitCode == 0 ? nil : (error ?? "subagent exited with code \(exitCode)"),
            finalization: SessionUpdate.Finalization(outcome: outcome, summary: summary)
        )
        let session: Session
        do {
            session = try await store.update(SessionKey(id, app: app), update)
        } catch let failure as SessionStoreError where failure.code == .notFound {
            return notFinalized(agentID: id, reason: "not_found", message: failure.message)
        } catch let failure as SessionStoreError where failure.code == .finalized {
            return notFinalized(agentID: id, reason: "already_finalized", message: failure.message)
        }
        return [
            "finalized": true,
            "agent_id": .string(session.id.rawValue),
            "outcome": .string(outcome.rawValue),
            "summary": session.summary.map(JSONValue.string) ?? .null,
            "duration_seconds": session.duration.map { .double($0.secondsDouble) } ?? .null,
            "exit_code": .int(exitCode),
        ]
    }

    /// The answer when no session was finalized.
    private func notFinalized(agentID: SessionID?, reason: String, message: String) -> JSONValue {
        [
            "finalized": false,
            "agent_id": agentID.map { .string($0.rawValue) } ?? .null,
            "reason": .string(reason),
            "message": .string(message),
        ]
    }
}

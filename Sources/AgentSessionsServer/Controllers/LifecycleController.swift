import AgentSessions
import Hummingbird

/// `POST /v1/sessions/{id}/errors`, `POST /v1/sessions/{id}/finalize`,
/// `GET /v1/sessions/{id}/resume`.
struct LifecycleController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("sessions/:id/errors", use: recordError)
        group.post("sessions/:id/finalize", use: finalize)
        group.get("sessions/:id/resume", use: resume)
    }

    /// Records `{"message": "…"}`.
    @Sendable func recordError(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let fields = try await services.body(of: request).object
        try fields.requireOnly(["message"])
        guard let message = try fields.string("message"), !message.isEmpty else {
            throw APIError.invalid("message", "message is missing; give the error as a non-empty string")
        }
        let session = try await services.store.update(
            key,
            .recordError(message),
            expectedVersion: try ETag.expectedVersion(in: request)
        )
        return .session(session)
    }

    /// Finalizes with `{"outcome": "completed", "summary": "…"}`. An ephemeral session is
    /// deleted once finalized.
    @Sendable func finalize(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let fields = try await services.body(of: request).object
        try fields.requireOnly(["outcome", "summary"])
        guard let outcome = try fields.string("outcome") else {
            throw APIError.invalid("outcome", "outcome is missing; give a final phase: completed, failed or abandoned")
        }
        let session = try await services.store.finalize(
            key,
            outcome: Phase(outcome),
            summary: try fields.string("summary"),
            expectedVersion: try ETag.expectedVersion(in: request)
        )
        if session.kind == .ephemeral {
            do {
                try await services.store.delete(key)
            } catch let error as SessionStoreError where error.code == .notFound {
                // Deleted by someone else in between.
            }
            services.children.untrack(key)
        }
        return .session(session)
    }

    /// The resume decision under the server's policy, with seed 002's resume metadata.
    @Sendable func resume(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let session = try await services.store.requireSession(key)
        let policy = services.configuration.resumePolicy
        let decision = policy.decide(
            ResumeFacts(session),
            lifecycle: services.store.lifecycles.lifecycle(for: key.app),
            now: services.store.clock.now()
        )
        guard case .object(var answer) = decision.jsonValue(for: key) else { return .json(.null) }
        answer["resume_metadata"] = session.resumeMetadataJSONValue
        return .json(.object(answer))
    }
}

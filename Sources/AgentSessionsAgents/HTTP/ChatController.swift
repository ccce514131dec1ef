import AgentSessions
import AgentSessionsServer
import Hummingbird

/// `POST /v1/chat/{id}`: one turn of a conversation with an agent (seed 004).
///
/// The session is created when missing (conversations start by talking); the message and the
/// reply are stored as two items. The answer is `{"response": "…", "status": {…}}`.
struct ChatController {
    let services: APIServices
    let runtime: AgentRuntime

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("chat/:id", use: chat)
        group.post("chat/:id/compact", use: compact)
    }

    /// `POST /v1/chat/{id}/compact` with `{"agent": "…"}` (optional): the agent's summarizer
    /// compacts the conversation now; answers 201 with the compaction, 409 `no_summarizer` for
    /// an agent without one.
    @Sendable func compact(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        return try await services.idempotency.run(request, context: context, app: key.app, body: body) {
            let fields = body.object
            try fields.requireOnly(["agent"])
            let compaction: Compaction
            do {
                compaction = try await runtime.summarize(key, agent: try fields.string("agent"), logger: context.logger)
            } catch let error as AgentRuntimeError {
                // An agent without a summarizer is the server's configuration, not a bad request.
                let status: HTTPResponse.Status = error.code == .noSummarizer ? .conflict : .unprocessableContent
                throw APIError(status, code: error.code.rawValue, error.message, field: error.field)
            } catch let error as ModelProviderError {
                throw APIError.model(error, logger: context.logger)
            } catch let error as SessionStoreError where error.code == .versionConflict {
                throw APIError.compactionConflict(error)
            }
            return APIAnswer(text: compaction.jsonText, status: .created)
        }
    }

    /// Answers `{"message": "…", "agent": "…", "user_id": "…"}`; `agent` and `user_id` are
    /// optional.
    @Sendable func chat(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        return try await services.idempotency.run(request, context: context, app: key.app, body: body) {
            let fields = body.object
            try fields.requireOnly(["message", "agent", "user_id"])
            guard let message = try fields.string("message") else {
                throw APIError.invalid("message", "message is required: {\"message\": \"…\"}")
            }
            let reply: ChatReply
            do {
                reply = try await runtime.chat(
                    message,
                    in: key,
                    agent: try fields.string("agent"),
                    userID: try fields.string("user_id"),
                    logger: context.logger
                )
            } catch let error as AgentRuntimeError {
                throw APIError(.unprocessableContent, code: error.code.rawValue, error.message, field: error.field)
            } catch let error as ModelProviderError {
                throw APIError.model(error, logger: context.logger)
            }
            let status: JSONObject = [
                "session_id": .string(key.id.rawValue),
                "app": .string(key.app),
                "agent": .string(reply.agent),
                "fallback_agent": .bool(reply.answeredByFallback),
                "conversation_length": .int(Int64(reply.conversationLength)),
                "session_managed": .bool(reply.memory != .none),
                "memory": .string(reply.memory.rawValue),
                "created": .bool(reply.createdSession),
                "history_loaded": .bool(reply.loadedHistory),
                "live_agents": .int(Int64(await runtime.liveInstanceCount)),
                "usage": reply.usage?.jsonValue ?? .null,
                "compaction": reply.compaction.map { .int($0.number) } ?? .null,
                "context_tokens": .int(reply.contextTokens),
                "context_window": reply.contextWindow.map { .int(Int64($0)) } ?? .null,
                "context_share": reply.contextShare.map(JSONValue.double) ?? .null,
            ]
            return APIAnswer(["response": .string(reply.text), "status": .object(status)])
        }
    }
}

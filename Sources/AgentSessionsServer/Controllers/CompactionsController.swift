import AgentSessions
import Hummingbird

/// `POST/GET /v1/sessions/{id}/compactions`, `GET /v1/sessions/{id}/context`,
/// `GET /v1/sessions/{id}/tokens`: summaries that stand for ranges of a session's items, what to
/// send to a model for the session, and what its items cost.
struct CompactionsController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("sessions/:id/compactions", use: compact)
        group.get("sessions/:id/compactions", use: list)
        group.get("sessions/:id/context", use: view)
        group.get("sessions/:id/tokens", use: tokens)
    }

    /// Stores a compaction (``CompactionBody``); 201 with the compaction, its summary byte for
    /// byte as sent.
    ///
    /// A range the session refuses (past its last item, splitting a tool call from its result,
    /// ending before it starts) is 409 `range_not_compactable` when its numbers are ones the
    /// API document allows, as is a compaction that does not reach past the latest (409
    /// `version_conflict`: no `If-Match` was sent, so not 412).
    @Sendable func compact(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        return try await services.idempotency.run(request, context: context, app: key.app, body: body) {
            let compaction = try CompactionBody(body)
            let stored: Compaction
            do {
                switch compaction {
                case .compact(let request): stored = try await services.store.compact(key, request)
                case .counted(let new): stored = try await services.store.addCompaction(new, to: key)
                }
            } catch let error as SessionStoreError {
                throw Self.refusal(error, of: compaction)
            }
            return APIAnswer(text: stored.jsonText, status: .created)
        }
    }

    /// How the store's refusal of a compaction is answered.
    private static func refusal(_ error: SessionStoreError, of body: CompactionBody) -> any Error {
        switch (error.code, error.field) {
        case (.versionConflict, _):
            return APIError.compactionConflict(error)
        case (.invalidArgument, let field?) where ["first_seq", "last_seq"].contains(field) && body.rangeIsDocumented:
            // The numbers are valid; the session's items or compactions, or the two numbers
            // together, are in the way.
            return APIError(.conflict, code: "range_not_compactable", error.message, field: field)
        case (.invalidArgument, "tokens_after"?):
            // The store's name of the body's summary_tokens.
            return APIError.invalid(
                "summary_tokens",
                "summary_tokens must be from 0 to \(Session.largestCount): the tokens of the summary"
            )
        default:
            return error
        }
    }

    /// `{"compactions": […]}`, by ascending number.
    @Sendable func list(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        try request.uri.queryParameters.requireOnly(["app"])
        let compactions = try await services.store.compactions(of: key)
        return .json(text: #"{"compactions":["# + compactions.map(\.jsonText).joined(separator: ",") + "]}")
    }

    /// The model's view (``SessionStore/context(of:_:)``) for `max_tokens=N` and `pin=S`
    /// (repeatable), both optional.
    @Sendable func view(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let parameters = request.uri.queryParameters
        try parameters.requireOnly(["app", "max_tokens", "pin"])
        let maxTokens = try ListParameters.count(parameters["max_tokens"], name: "max_tokens")
        var pinned: Set<Int64> = []
        for pin in parameters.getAll("pin") {
            if let sequence = try ListParameters.count(Substring(pin), name: "pin") { pinned.insert(Int64(sequence)) }
        }
        let view = try await services.store.context(
            of: key,
            ContextRequest(maxTokens: maxTokens.map(Int64.init), pinned: pinned)
        )
        return .json(text: view.jsonText)
    }

    /// The session's tokens (``SessionStore/tokens(of:)``), with the share of the model's
    /// context window the model's view takes: `context_window=N`, or else the configured window
    /// of the session's agent's model (the agents file's `model.context_window`), if any.
    @Sendable func tokens(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let parameters = request.uri.queryParameters
        try parameters.requireOnly(["app", "context_window"])
        let window = try ListParameters.count(parameters["context_window"], name: "context_window")
        if window == 0 {
            throw APIError.invalid("context_window", "context_window must be 1 token or more, not 0")
        }
        let tokens = try await services.store.tokens(of: key)
        var contextWindow = window.map(Int64.init)
        if contextWindow == nil, !services.routes.isEmpty, let session = try await services.store.session(key) {
            contextWindow = services.contextWindow(ofAgent: session.agentName)
        }
        return .json(tokens.jsonValue(contextWindow: contextWindow))
    }
}

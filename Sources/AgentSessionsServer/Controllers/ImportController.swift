import AgentSessions
import Hummingbird

/// `POST /v1/import/sessions`, `POST /v1/import/sessions/{id}/items`: sessions and items written
/// exactly as given (``SessionStore/restore(_:)``), to move sessions between stores.
struct ImportController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("import/sessions", use: restoreSession)
        group.post("import/sessions/:id/items", use: restoreItems)
    }

    /// The body is a session as the API returns it; 201 with the session as stored.
    @Sendable func restoreSession(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let body = try await services.body(of: request)
        let app = try context.app(for: request, body: body.object)
        return try await services.idempotency.run(request, context: context, app: app, body: body) {
            let session = try Session(json: body.text)
            guard session.app == app else {
                throw APIError.invalid(
                    "app",
                    "the session's app '\(session.app)' is not the request's app '\(app)'"
                )
            }
            let stored = try await services.store.restore(session)
            return .session(stored, status: .created, location: "/v1/sessions/\(stored.id)")
        }
    }

    /// The body is `{"items": [item, …]}`, items as the API returns them; the answer
    /// `{"restored": n}` counts the items stored (the others were stored before).
    @Sendable func restoreItems(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        try body.object.requireOnly(["items"])
        guard case .array = body.object["items"], let array = try RequestJSON.memberText("items", of: body.text)
        else {
            throw APIError.invalid("items", "items must be an array of items as GET …/items returns them")
        }
        var items: [SessionItem] = []
        for (offset, text) in try RequestJSON.elementTexts(of: array).enumerated() {
            do {
                items.append(try SessionItem(json: text))
            } catch {
                throw APIError.invalid("items[\(offset)]", error.message)
            }
        }
        let restored = try await services.store.restore(items, to: key)
        return .json(["restored": .int(Int64(restored))])
    }
}

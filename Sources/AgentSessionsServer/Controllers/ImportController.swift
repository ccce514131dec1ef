import AgentSessions
import Hummingbird

/// `POST /v1/import/sessions`, `POST /v1/import/sessions/{id}/items` and `…/compactions`: sessions,
/// items and compactions written exactly as given (``SessionStore/restore(_:)``), to move
/// sessions between stores.
struct ImportController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("import/sessions", use: restoreSession)
        group.post("import/sessions/:id/items", use: restoreItems)
        group.post("import/sessions/:id/compactions", use: restoreCompactions)
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
        try await restore("items", request, context) { text throws(SessionStoreError) in
            try SessionItem(json: text)
        } into: { store, items, key in
            try await store.restore(items, to: key)
        }
    }

    /// The body is `{"compactions": [compaction, …]}`, compactions as `GET …/compactions`
    /// returns them; the answer `{"restored": n}` counts those stored (the others were stored
    /// before).
    @Sendable func restoreCompactions(_ request: Request, context: SessionRequestContext) async throws -> Response {
        try await restore("compactions", request, context) { text throws(SessionStoreError) in
            try Compaction(json: text)
        } into: { store, compactions, key in
            try await store.restoreCompactions(compactions, to: key)
        }
    }

    /// Restores the elements of a body `{"<member>": [element, …]}` to the session of the path,
    /// each element read with `read`; answers `{"restored": n}`.
    /// - Throws: ``APIError`` (422) for another field, a member that is not an array, or an
    ///   element `read` refuses (field `<member>[i]`, the reason in the message); what the
    ///   store throws.
    private func restore<Element>(
        _ member: String,
        _ request: Request,
        _ context: SessionRequestContext,
        read: (String) throws(SessionStoreError) -> Element,
        into restore: (any SessionStore, [Element], SessionKey) async throws -> Int
    ) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        try body.object.requireOnly([member])
        guard case .array = body.object[member], let array = try RequestJSON.memberText(member, of: body.text) else {
            throw APIError.invalid(member, "\(member) must be an array of \(member) as GET …/\(member) returns them")
        }
        var elements: [Element] = []
        for (offset, text) in try RequestJSON.elementTexts(of: array).enumerated() {
            do {
                elements.append(try read(text))
            } catch {
                throw APIError.invalid("\(member)[\(offset)]", error.message)
            }
        }
        let restored = try await restore(services.store, elements, key)
        return .json(["restored": .int(Int64(restored))])
    }
}

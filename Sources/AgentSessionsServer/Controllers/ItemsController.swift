import AgentSessions
import Hummingbird

/// `GET/POST/DELETE /v1/sessions/{id}/items`, `DELETE /v1/sessions/{id}/items/last`,
/// `GET /v1/sessions/{id}/items/pinned`, `POST /v1/sessions/{id}/fork`.
struct ItemsController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.get("sessions/:id/items", use: list)
        group.post("sessions/:id/items", use: append)
        group.delete("sessions/:id/items", use: clear)
        group.delete("sessions/:id/items/last", use: pop)
        group.get("sessions/:id/items/pinned", use: pinned)
        group.post("sessions/:id/fork", use: fork)
    }

    @Sendable func list(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let parameters = request.uri.queryParameters
        try parameters.requireOnly(["app", "limit", "after"])
        let limit = try ListParameters.count(parameters["limit"], name: "limit")
        let after = try ListParameters.count(parameters["after"], name: "after").map(Int64.init)
        let query = ItemQuery(limit: limit, after: after)
        guard let limit, limit <= PageSize.maximumCount else {
            // No limit, or one above a page: written page by page, so memory stays flat.
            return try await .pagedJSON(
                opening: #"{"items":["#,
                pages: try await ItemPages.make(store: services.store, key: key, query: query),
                closing: "]}"
            )
        }
        return .json(text: Self.itemsText(try await services.store.items(of: key, query)))
    }

    /// The session's pinned items, oldest first: `{"items": […]}`.
    @Sendable func pinned(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        try request.uri.queryParameters.requireOnly(["app"])
        return .json(text: Self.itemsText(try await services.store.pinnedItems(of: key)))
    }

    /// `{"items": […]}`, each item's content byte for byte.
    private static func itemsText(_ items: [SessionItem]) -> String {
        var text = #"{"items":["#
        text.reserveCapacity(items.reduce(16) { $0 + $1.content.text.utf8.count + 96 })
        for (offset, item) in items.enumerated() {
            if offset > 0 { text += "," }
            item.appendJSONText(to: &text)
        }
        text += "]}"
        return text
    }

    /// Appends `{"content": {…}, "item_id": …, "tokens": …, "pinned": …}` or `{"items": [that, …]}`.
    @Sendable func append(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        return try await services.idempotency.run(request, context: context, app: key.app, body: body) {
            let items = try Self.items(body)
            let sequences = try await services.store.append(items, to: key)
            return APIAnswer(["sequences": .array(sequences.map(JSONValue.int))], status: .created)
        }
    }

    /// The items of an append body, their content kept byte for byte as sent.
    private static func items(_ body: RequestJSON) throws -> [NewItem] {
        guard let batch = body.object["items"] else {
            return [try item(body.object, text: body.text, field: "content")]
        }
        try body.object.requireOnly(["items"])
        guard case .array(let entries) = batch, !entries.isEmpty else {
            throw APIError.invalid("items", "items must be a non-empty array of {\"content\": {…}} objects")
        }
        let texts = try RequestJSON.elementTexts(of: try RequestJSON.memberText("items", of: body.text) ?? "[]")
        return try zip(entries, texts).enumerated().map { offset, entry in
            guard case .object(let fields) = entry.0 else {
                throw APIError.invalid("items[\(offset)]", "each item must be an object {\"content\": {…}}")
            }
            return try item(fields, text: entry.1, field: "items[\(offset)]")
        }
    }

    /// One item entry: `{"content": {…}, "item_id": "…", "tokens": N, "pinned": true}`, given
    /// parsed and as text.
    private static func item(_ fields: JSONObject, text: String, field: String) throws -> NewItem {
        try fields.requireOnly(["content", "item_id", "tokens", "pinned"])
        guard try fields.object("content") != nil, let content = try RequestJSON.memberText("content", of: text) else {
            throw APIError.invalid(
                field,
                "an item needs content, a JSON object: {\"content\": {\"role\": \"user\", …}}"
            )
        }
        return NewItem(
            JSONDocument(trusted: content),
            itemID: try fields.string("item_id"),
            tokens: try fields.integer("tokens"),
            isPinned: try fields.bool("pinned") ?? false
        )
    }

    @Sendable func pop(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let item = try await services.store.popLastItem(of: try context.sessionKey(for: request))
        return .json(text: #"{"item":"# + (item?.jsonText ?? "null") + "}")
    }

    @Sendable func clear(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let count = try await services.store.clearItems(of: try context.sessionKey(for: request))
        return .json(["removed": .int(Int64(count))])
    }

    /// Forks `{"through": S, "id": "…"}`, both optional. A `through` past the session's last
    /// item is 409 (`beyond_last_item`): the number is valid, the session has not reached it.
    @Sendable func fork(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        return try await services.idempotency.run(request, context: context, app: key.app, body: body) {
            try body.object.requireOnly(["through", "id"])
            let through = try body.object.integer("through")
            let id = try body.object.sessionID("id")
            let fork: Session
            do {
                fork = try await services.store.fork(key, through: through, as: id)
            } catch let error as SessionStoreError
                where error.code == .invalidArgument && error.field == "sequence" && (through ?? 0) >= 0
            {
                // A valid number the session has not reached: the session's state, not the
                // request, is in the way.
                throw APIError(.conflict, code: "beyond_last_item", error.message, field: "through")
            }
            return .session(fork, status: .created, location: "/v1/sessions/\(fork.id)")
        }
    }
}

import AgentSessions
import Hummingbird

/// `POST/GET /v1/sessions`, `GET/PATCH/DELETE /v1/sessions/{id}`.
struct SessionsController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("sessions", use: create)
        group.get("sessions", use: list)
        group.get("sessions/:id", use: get)
        group.patch("sessions/:id", use: update)
        group.delete("sessions/:id", use: delete)
    }

    /// Fields of a create.
    private static let createFields: Set<String> = [
        "id", "app", "user_id", "agent", "parent_id", "phase", "resume_ready", "state", "metadata", "expires_at",
    ]

    @Sendable func create(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let body = try await services.body(of: request)
        let app = try context.app(for: request, body: body.object)
        return try await services.idempotency.run(request, context: context, app: app, body: body) {
            let fields = body.object
            try fields.requireOnly(Self.createFields)
            let new = NewSession(
                id: try fields.sessionID("id"),
                app: app,
                userID: try fields.string("user_id") ?? "",
                agentName: try fields.string("agent") ?? "",
                parentID: try fields.sessionID("parent_id"),
                phase: try fields.string("phase").map { Phase($0) },
                isResumeReady: try fields.bool("resume_ready") ?? false,
                state: try fields.object("state") ?? [:],
                metadata: try fields.object("metadata") ?? [:],
                expiresAt: try Self.timestamp(fields, "expires_at")
            )
            if let id = new.id, new.parentID == id {
                // A session cannot be its own parent: either that id is taken (by the parent) or
                // the parent does not exist, whatever else the request says.
                let key = SessionKey(id, app: app)
                guard try await services.store.session(key) == nil else { throw SessionStoreError.sessionExists(key) }
                throw SessionStoreError.parentNotFound(id, app: app)
            }
            let session = try await services.store.create(new)
            return .session(session, status: .created, location: "/v1/sessions/\(session.id)")
        }
    }

    @Sendable func get(_ request: Request, context: SessionRequestContext) async throws -> Response {
        .session(try await services.store.requireSession(try context.sessionKey(for: request)))
    }

    /// Fields of a change.
    private static let updateFields: Set<String> = [
        "phase", "metadata", "state", "resume_ready", "error", "expires_at",
    ]

    @Sendable func update(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let fields = try await services.body(of: request).object
        try fields.requireOnly(Self.updateFields)
        let change = SessionUpdate(
            phase: try fields.string("phase").map { Phase($0) },
            metadata: try fields.object("metadata"),
            state: try fields.object("state"),
            isResumeReady: try fields.bool("resume_ready"),
            error: try fields.string("error"),
            expiresAt: try Self.timestamp(fields, "expires_at")
        )
        let session = try await services.store.update(
            key,
            change,
            expectedVersion: try ETag.expectedVersion(in: request)
        )
        return .session(session)
    }

    @Sendable func delete(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let count = try await services.store.delete(key)
        services.children.untrack(key)
        return .json(["id": .string(key.id.rawValue), "deleted_sessions": .int(Int64(count))])
    }

    @Sendable func list(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let query = try ListParameters(request.uri.queryParameters).query(app: try context.app(for: request))
        guard let limit = query.limit, limit <= PageSize.maximumCount else {
            // No limit, or one above a page: written page by page, so memory stays flat.
            var cursor: SessionCursor?
            if let limit = query.limit {
                cursor = try await SessionPages.cursor(after: limit, of: query, store: services.store)
            }
            return try await .pagedJSON(
                opening: #"{"next_cursor":"# + (cursor.map { JSONValue.string($0.token).jsonText } ?? "null")
                    + #","sessions":["#,
                pages: SessionPages(store: services.store, query: query),
                closing: "]}"
            )
        }
        let page = try await services.store.list(query)
        return .json([
            "sessions": .array(page.sessions.map(\.jsonValue)),
            "next_cursor": page.nextCursor.map { .string($0.token) } ?? .null,
        ])
    }

    /// A timestamp field in ISO 8601, or `nil` when absent or `null`.
    private static func timestamp(_ fields: JSONObject, _ key: String) throws -> Timestamp? {
        guard let text = try fields.string(key) else { return nil }
        guard let timestamp = Timestamp(iso8601: text) else {
            throw APIError.invalid(key, "\(key) must be an ISO 8601 time such as 2026-11-21T06:10:00Z")
        }
        return timestamp
    }
}

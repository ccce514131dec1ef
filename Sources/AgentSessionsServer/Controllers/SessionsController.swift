import AgentSessions
import Hummingbird

/// `POST/GET /v1/sessions`, `GET /v1/sessions/count`, `GET/PUT/PATCH/DELETE /v1/sessions/{id}`.
struct SessionsController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("sessions", use: create)
        group.get("sessions", use: list)
        // Matched before `sessions/:id`: a session whose id is `count` is read as `%63ount`.
        group.get("sessions/count", use: count)
        group.get("sessions/:id", use: get)
        group.put("sessions/:id", use: getOrCreate)
        group.patch("sessions/:id", use: update)
        group.delete("sessions/:id", use: delete)
    }

    /// Fields of a create.
    private static let createFields: Set<String> = [
        "id", "app", "user_id", "agent", "parent_id", "kind", "phase", "resume_ready", "state", "metadata",
        "title", "tags", "expires_at",
    ]

    @Sendable func create(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let body = try await services.body(of: request)
        let app = try context.app(for: request, body: body.object)
        return try await services.idempotency.run(request, context: context, app: app, body: body) {
            let fields = body.object
            try fields.requireOnly(Self.createFields)
            let new = try Self.newSession(fields, id: fields.sessionID("id"), app: app)
            try await refuseOwnParent(new, app: app)
            let session = try await services.store.create(new)
            if session.kind == .ephemeral { services.children.track(session.key) }
            return .session(session, status: .created, location: "/v1/sessions/\(session.id)")
        }
    }

    /// `PUT /v1/sessions/{id}`: the session, created from the body when it does not exist (201),
    /// else answered as it is (200), untouched by the body. Atomic: of two callers racing to
    /// create one id, one creates and the other gets that session.
    @Sendable func getOrCreate(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let fields = try await services.body(of: request).object
        let app = try context.app(for: request, body: fields)
        try fields.requireOnly(Self.createFields.subtracting(["id"]))
        let key = try context.sessionKey(for: request)
        let new = try Self.newSession(fields, id: key.id, app: app)
        if new.parentID == key.id, let existing = try await services.store.session(SessionKey(key.id, app: app)) {
            return .session(existing)
        }
        try await refuseOwnParent(new, app: app)
        let (session, created) = try await services.store.getOrCreate(new)
        guard created else { return .session(session) }
        if session.kind == .ephemeral { services.children.track(session.key) }
        return .session(session, status: .created, headers: [.location: "/v1/sessions/\(session.id)"])
    }

    /// Refuses a session given itself as parent the way the store would refuse any other
    /// parent: the id is taken (by the parent, 409) or the parent does not exist (404). (A 422
    /// would refuse a body the API document allows; `HTTPSessionStore` checks this itself.)
    private func refuseOwnParent(_ new: NewSession, app: String) async throws {
        guard let id = new.id, new.parentID == id else { return }
        let key = SessionKey(id, app: app)
        guard try await services.store.session(key) == nil else { throw SessionStoreError.sessionExists(key) }
        throw SessionStoreError.parentNotFound(id, app: app)
    }

    /// The session a create body describes.
    private static func newSession(_ fields: JSONObject, id: SessionID?, app: String) throws -> NewSession {
        NewSession(
            id: id,
            app: app,
            userID: try fields.string("user_id") ?? "",
            agentName: try fields.string("agent") ?? "",
            parentID: try fields.sessionID("parent_id"),
            kind: try kind(fields),
            phase: try fields.string("phase").map { Phase($0) },
            isResumeReady: try fields.bool("resume_ready") ?? false,
            state: try fields.object("state") ?? [:],
            metadata: try fields.object("metadata") ?? [:],
            title: try fields.string("title"),
            tags: try fields.strings("tags") ?? [],
            expiresAt: try timestamp(fields, "expires_at")
        )
    }

    /// The `kind` field: persistent when absent.
    private static func kind(_ fields: JSONObject) throws -> SessionKind {
        guard let text = try fields.string("kind") else { return .persistent }
        guard let kind = SessionKind(rawValue: text) else {
            throw APIError.invalid("kind", "kind must be \"persistent\" or \"ephemeral\", not '\(text)'")
        }
        return kind
    }

    @Sendable func get(_ request: Request, context: SessionRequestContext) async throws -> Response {
        .session(try await services.store.requireSession(try context.sessionKey(for: request)))
    }

    /// Fields of a change.
    private static let updateFields: Set<String> = [
        "phase", "metadata", "state", "resume_ready", "error", "expires_at", "finalize", "records_resume",
        "title", "tags",
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
            recordsResume: try fields.bool("records_resume") ?? false,
            finalization: try Self.finalization(fields),
            expiresAt: try Self.timestamp(fields, "expires_at"),
            title: try fields.string("title"),
            tags: try fields.strings("tags")
        )
        let session = try await services.store.update(
            key,
            change,
            expectedVersion: try ETag.expectedVersion(in: request)
        )
        return .session(session)
    }

    /// The `finalize` field of a change, `{"outcome": final phase, "summary": text}`.
    private static func finalization(_ fields: JSONObject) throws -> SessionUpdate.Finalization? {
        guard let object = try fields.object("finalize") else { return nil }
        try object.requireOnly(["outcome", "summary"])
        guard let outcome = try object.string("outcome") else {
            throw APIError.invalid("finalize", "finalize needs an outcome: {\"outcome\": \"completed\"}")
        }
        return SessionUpdate.Finalization(outcome: Phase(outcome), summary: try object.string("summary"))
    }

    @Sendable func delete(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let key = try context.sessionKey(for: request)
        let count = try await services.store.delete(key)
        services.children.untrack(key)
        return .json(["id": .string(key.id.rawValue), "deleted_sessions": .int(Int64(count))])
    }

    @Sendable func list(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let query = try ListParameters(parameters).query(app: try context.app(for: request), allowing: ["fields"])
        let shape = try ListingShape(fields: parameters["fields"])
        guard let limit = query.limit, limit <= PageSize.maximumCount else {
            // No limit, or one above a page: written page by page, so memory stays flat.
            var cursor: SessionCursor?
            if let limit = query.limit {
                cursor = try await SessionPages.cursor(after: limit, of: query, store: services.store)
            }
            return try await .pagedJSON(
                opening: #"{"next_cursor":"# + (cursor.map { JSONValue.string($0.token).jsonText } ?? "null")
                    + #","sessions":["#,
                pages: SessionPages(store: services.store, query: query, shape: shape),
                closing: "]}"
            )
        }
        let page = try await shape.page(of: query, from: services.store)
        return .json(
            text:
                #"{"next_cursor":"# + (page.nextCursor.map { JSONValue.string($0.token).jsonText } ?? "null")
                + #","sessions":["# + page.elements.map(\.text).joined(separator: ",") + "]}"
        )
    }

    /// `GET /v1/sessions/count`: how many sessions a listing with the same filters would
    /// return (`limit` and `cursor` are taken and ignored), as `{"count": N}`.
    @Sendable func count(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let query = try ListParameters(request.uri.queryParameters).query(app: try context.app(for: request))
        return .json(["count": .int(Int64(try await services.store.count(query)))])
    }

    /// A timestamp field in ISO 8601, or `nil` when absent or `null`.
    private static func timestamp(_ fields: JSONObject, _ key: String) throws -> Timestamp? {
        guard let text = try fields.string(key) else { return nil }
        do {
            return try Timestamp(parsingISO8601: text)
        } catch {
            throw APIError.invalid(key, "\(key): \(error)")
        }
    }
}

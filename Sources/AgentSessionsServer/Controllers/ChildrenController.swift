import AgentSessions
import Hummingbird

/// `POST /v1/sessions/{id}/children`: ephemeral child sessions, deleted when finalized or
/// deleted, and swept when left idle.
struct ChildrenController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("sessions/:id/children", use: create)
    }

    /// Creates a child from `{"id", "name", "agent", "state", "metadata"}`, all optional. The
    /// child gets the parent's app and user; without an id, one is made from the name. The name
    /// follows the id rules (empty allowed), as it is the child's default agent name.
    @Sendable func create(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let parent = try context.sessionKey(for: request)
        let body = try await services.body(of: request)
        return try await services.idempotency.run(request, context: context, app: parent.app, body: body) {
            let fields = body.object
            try fields.requireOnly(["id", "name", "agent", "state", "metadata"])
            let parentSession = try await services.store.requireSession(parent)
            let name = try fields.string("name") ?? "child"
            do {
                // The name is the default agent name, so it follows the same rules, even when an agent is given.
                try Identifier.validate(name, field: "name", what: "child name", allowsEmpty: true)
            } catch let error as SessionStoreError {
                throw APIError.invalid("name", error.message)
            }
            let id = try fields.sessionID("id") ?? SessionID.generate(prefix: name)
            // The parent's own id is taken by the parent.
            guard id != parent.id else { throw SessionStoreError.sessionExists(parent) }
            let child = try await services.store.create(
                NewSession(
                    id: id,
                    app: parent.app,
                    userID: parentSession.userID,
                    agentName: try fields.string("agent") ?? name,
                    parentID: parent.id,
                    kind: .ephemeral,
                    state: try fields.object("state") ?? [:],
                    metadata: try fields.object("metadata") ?? [:]
                )
            )
            services.children.track(child.key)
            return .session(child, status: .created, location: "/v1/sessions/\(child.id)")
        }
    }
}

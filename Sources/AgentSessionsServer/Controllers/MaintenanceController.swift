import AgentSessions
import Hummingbird

/// `POST /v1/cleanup`, `GET /v1/stats`.
struct MaintenanceController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("cleanup", use: cleanup)
        group.get("stats", use: statistics)
    }

    /// Deletes the caller's app's sessions idle `?hours=N` or longer, and its expired ones.
    @Sendable func cleanup(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let app = try context.app(for: request)
        guard let text = request.uri.queryParameters["hours"] else {
            throw APIError.invalid(
                "hours",
                "hours is missing: POST /v1/cleanup?hours=24 deletes sessions idle 24 hours"
            )
        }
        guard let hours = Double(text), hours.isFinite, (0...1_000_000).contains(hours) else {
            throw APIError.invalid("hours", "hours must be a number of hours from 0 to 1000000, not '\(text)'")
        }
        let deleted = try await services.store.deleteSessions(idleLongerThan: .seconds(hours * 3600), app: app)
        return .json(["deleted_sessions": .int(Int64(deleted))])
    }

    /// Seed 002's statistics of the caller's app.
    @Sendable func statistics(_ request: Request, context: SessionRequestContext) async throws -> Response {
        .json(try await services.store.statistics(app: try context.app(for: request)).jsonValue)
    }
}

import AgentSessions
import Hummingbird

/// `POST /v1/cleanup`, `GET /v1/stats`.
struct MaintenanceController {
    let services: APIServices

    func addRoutes(to group: RouterGroup<SessionRequestContext>) {
        group.post("cleanup", use: cleanup)
        group.get("stats", use: statistics)
    }

    /// Deletes the caller's app's sessions idle `?hours=N` (plus `?seconds=N`) or longer, and its expired ones
    /// (every app's with `?all_apps=true` in open mode).
    @Sendable func cleanup(_ request: Request, context: SessionRequestContext) async throws -> Response {
        let app = try context.appScope(for: request)
        let age = try Self.idleTime(request.uri.queryParameters)
        let deleted = try await services.store.deleteSessions(idleLongerThan: age, app: app)
        return .json(["deleted_sessions": .int(Int64(deleted))])
    }

    /// Seed 002's statistics of the caller's app (of every app with `?all_apps=true` in open mode).
    @Sendable func statistics(_ request: Request, context: SessionRequestContext) async throws -> Response {
        .json(try await services.store.statistics(app: try context.appScope(for: request)).jsonValue)
    }

    /// The idle time of a clean-up: `hours` (a number from 0 to 1,000,000), plus `seconds` when
    /// given (1 to 18 digits of whole seconds with up to six decimals, exact to the microsecond).
    private static func idleTime(_ parameters: Parameters) throws -> Duration {
        guard let text = parameters["hours"] else {
            throw APIError.invalid(
                "hours",
                "hours is missing: POST /v1/cleanup?hours=24 deletes sessions idle 24 hours"
            )
        }
        guard let hours = Double(text), hours.isFinite, (0...1_000_000).contains(hours) else {
            throw APIError.invalid("hours", "hours must be a number of hours from 0 to 1000000, not '\(text)'")
        }
        guard let text = parameters["seconds"] else { return .seconds(hours * 3600) }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard let whole = parts.first, (1...18).contains(whole.utf8.count), whole.utf8.allSatisfy(digits.contains),
            let seconds = Int64(whole),
            parts.count == 1 || (1...6).contains(parts[1].count) && parts[1].utf8.allSatisfy(digits.contains)
        else {
            throw APIError.invalid(
                "seconds",
                "seconds must be 1 to 18 digits of whole seconds with up to six decimals, such as 90 or 0.5, "
                    + "not '\(text)'"
            )
        }
        let fraction = parts.count == 2 ? parts[1] + String(repeating: "0", count: 6 - parts[1].count) : "0"
        let microseconds = Int64(fraction) ?? 0
        return .seconds(hours * 3600)
            + Duration(secondsComponent: seconds, attosecondsComponent: microseconds * 1_000_000_000_000)
    }
}

import AgentSessions
import Hummingbird

/// The answer of `GET /healthz`: `{"status": "ok"}`, with the store's kind when the server was
/// given its storage to check (``HealthCheckable``), or 503 `{"status": "unavailable", "store": …,
/// "reason": …}` while that storage cannot be reached.
enum HealthResponse {
    /// Checks the storage (if there is one to check) and answers.
    static func make(for checkable: (any HealthCheckable)?) async -> Response {
        guard let checkable else { return .json(["status": "ok"]) }
        let health = await checkable.checkHealth()
        guard health.isAvailable else {
            var body: JSONObject = ["status": "unavailable", "store": .string(health.store)]
            if let reason = health.reason { body["reason"] = .string(reason) }
            return .json(.object(body), status: .serviceUnavailable)
        }
        return .json(["status": "ok", "store": .string(health.store)])
    }
}

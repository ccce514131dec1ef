import AgentSessions
import Hummingbird

/// The answer of `GET /healthz`: `{"status": "ok"}`, with the store's kind when the store can
/// check its storage (``HealthCheckable``), or 503 `{"status": "unavailable", "store": …,
/// "reason": …}` while that storage cannot be reached.
enum HealthResponse {
    /// Checks the store (if it can be checked) and answers.
    static func make(for store: any SessionStore) async -> Response {
        guard let checkable = store.healthCheckable else { return .json(["status": "ok"]) }
        let health = await checkable.checkHealth()
        guard health.isAvailable else {
            var body: JSONObject = ["status": "unavailable", "store": .string(health.store)]
            if let reason = health.reason { body["reason"] = .string(reason) }
            return .json(.object(body), status: .serviceUnavailable)
        }
        return .json(["status": "ok", "store": .string(health.store)])
    }
}

public import AgentSessions
import NIOHTTP1

extension HTTPSessionStore {
    @discardableResult
    public func restore(_ session: Session) async throws -> Session {
        try await transport.send(
            .POST,
            "/v1/import/sessions",
            query: [("app", session.app)],
            body: session.jsonValue.jsonText,
            repetition: .idempotent
        ).session()
    }

    @discardableResult
    public func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
        var body = #"{"items":["#
        body.reserveCapacity(items.reduce(16) { $0 + $1.content.text.utf8.count + 96 })
        for (offset, item) in items.enumerated() {
            if offset > 0 { body += "," }
            item.appendJSONText(to: &body)
        }
        body += "]}"
        return try await sendRestore("items", body: body, to: key)
    }

    /// Sends `POST /v1/import/sessions/{id}/<member>` (`items`, `compactions`) and returns how
    /// many were stored.
    func sendRestore(_ member: String, body: String, to key: SessionKey) async throws -> Int {
        let answer = try await transport.send(
            .POST,
            "/v1/import/sessions/" + APITransport.encoded(key.id.rawValue) + "/" + member,
            query: [("app", key.app)],
            body: body,
            repetition: .read  // a restore again skips what is stored
        )
        return Int(clamping: try answer.integer("restored"))
    }

    public func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
        guard age >= .zero else {
            throw SessionStoreError.invalid("age", "the idle time must be 0 or more, not \(age)")
        }
        let answer = try await transport.send(
            .POST,
            "/v1/cleanup",
            query: Self.scope(app) + [("hours", "0"), ("seconds", Self.secondsText(age))],
            repetition: .never
        )
        return Int(clamping: try answer.integer("deleted_sessions"))
    }

    public func statistics(app: String?) async throws -> SessionStatistics {
        let answer = try await transport.send(.GET, "/v1/stats", query: Self.scope(app), repetition: .read)
        return try answer.decoded("statistics") { text throws(SessionStoreError) in
            try SessionStatistics(json: text)
        }
    }

    /// `app=` for one app, `all_apps=true` for every app.
    private static func scope(_ app: String?) -> [(String, String)] {
        app.map { [("app", $0)] } ?? [("all_apps", "true")]
    }

    /// A duration of 0 or more as decimal seconds, exact to the microsecond: `90`, `0.000001`.
    /// The API takes up to 18 digits of seconds; longer idle times (over 31 billion years) are
    /// sent as the longest it takes, which no session reaches either.
    static func secondsText(_ duration: Duration) -> String {
        let longest = Duration(
            secondsComponent: 999_999_999_999_999_999,
            attosecondsComponent: 999_999 * 1_000_000_000_000
        )
        let (seconds, attoseconds) = min(duration, longest).components
        let microseconds = attoseconds / 1_000_000_000_000
        guard microseconds > 0 else { return String(seconds) }
        let fraction = String(microseconds)
        return "\(seconds)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}

public import AgentSessions
public import Hummingbird

/// The request context of the API: Hummingbird's core storage and the app the caller's API key
/// is scoped to.
public struct SessionRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The app of the caller's API key; `nil` in open mode (and before ``APIKeyMiddleware`` ran).
    var keyApp: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.keyApp = nil
    }

    /// The app a request works on: the API key's app; in open mode `?app=`, else the body's
    /// `app` field, else `default`.
    ///
    /// With a key, `?app=` and the body's `app` are not used, but they are checked all the same,
    /// so that a request is valid or not whatever the mode.
    /// - Throws: ``APIError`` (422) for a malformed app name.
    func app(for request: Request, body: JSONObject? = nil) throws -> String {
        let query = request.uri.queryParameters["app"].map(String.init)
        let field = try body?.string("app")
        for app in [query, field].compactMap(\.self) {
            do {
                try SessionKey.validateApp(app)
            } catch {
                throw APIError.invalid("app", error.message)
            }
        }
        return keyApp ?? query ?? field ?? SessionKey.defaultApp
    }

    /// The app of a request about many sessions (statistics, clean-up): as ``app(for:body:)``,
    /// or `nil` (every app) for `?all_apps=true` on a server in open mode.
    /// - Throws: ``APIError``: 422 for a malformed app or `all_apps` value, 403 for
    ///   `all_apps=true` with an API key (a key sees its own app only).
    func appScope(for request: Request) throws -> String? {
        switch request.uri.queryParameters["all_apps"] {
        case nil, "false": return try app(for: request)
        case "true":
            _ = try app(for: request)
            guard keyApp == nil else {
                throw APIError(
                    .forbidden,
                    code: "forbidden",
                    "all_apps=true needs a server in open mode; an API key sees its own app only",
                    field: "all_apps"
                )
            }
            return nil
        case let other?:
            throw APIError.invalid("all_apps", "all_apps must be true or false, not '\(other)'")
        }
    }

    /// The key of the session named by the `{id}` path parameter (percent-decoded once, as
    /// clients encode it), in the request's app.
    /// - Throws: ``APIError`` (422) for a malformed id or app.
    public func sessionKey(for request: Request) throws -> SessionKey {
        let raw = parameters.get("id") ?? ""
        guard let text = PercentDecoding.decode(raw) else {
            throw APIError.invalid(
                "id",
                "session id '\(Identifier.printable(raw))' has a % not followed by two hexadecimal digits, "
                    + "or encodes bytes that are not UTF-8"
            )
        }
        do {
            return SessionKey(try SessionID(text), app: try app(for: request))
        } catch let error as SessionStoreError {
            throw APIError.invalid("id", error.message)
        }
    }
}

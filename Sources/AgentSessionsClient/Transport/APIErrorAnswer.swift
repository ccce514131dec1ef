import AgentSessions
import NIOHTTP1

/// An error answer of the API, `{"error": {"code", "message", "field"}}`, as the
/// ``SessionStoreError`` an in-process store would throw.
struct APIErrorAnswer {
    let status: HTTPResponseStatus
    let text: String

    /// The error. The code the server names, or one that the status gives when the body is not
    /// the API's error shape; a refused key or another server's answer is `unavailable`.
    func error(for call: String, server: String) -> SessionStoreError {
        let body = try? JSONParser.parse(text)
        let fields = body?.objectValue?["error"]?.objectValue
        let message = fields?["message"]?.stringValue
        let field = fields?["field"]?.stringValue
        switch status.code {
        case 401, 403:
            return SessionStoreError(
                .unavailable,
                "the server at \(server) refused \(call) (\(status.code)): \(message ?? "no reason given"); "
                    + "check the API key"
            )
        case 500..<600:
            return SessionStoreError(
                .unavailable,
                "the server at \(server) failed \(call) (\(status.code)): \(message ?? "no reason given")"
            )
        default:
            break
        }
        guard let message,
            let code = fields?["code"]?.stringValue.flatMap(SessionStoreError.Code.init(name:))
                ?? Self.code(forStatus: status, named: fields?["code"]?.stringValue)
        else {
            return SessionStoreError(
                .unavailable,
                "the server at \(server) answered \(call) with \(status.code) and a body that is not the API's error "
                    + "shape; is this an agent-sessions server? It said: \(String(text.prefix(200)))"
            )
        }
        return SessionStoreError(code, message, field: field)
    }

    /// The code of an error the server names by an HTTP-only name.
    private static func code(forStatus status: HTTPResponseStatus, named name: String?) -> SessionStoreError.Code? {
        switch (status.code, name) {
        case (409, "beyond_last_item"), (409, "range_not_compactable"): .invalidArgument
        case (404, _): .notFound
        case (409, _): .alreadyExists
        case (412, _): .versionConflict
        case (400, _), (413, _), (422, _): .invalidArgument
        default: nil
        }
    }
}

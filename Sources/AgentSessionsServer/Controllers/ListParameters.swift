import AgentSessions
import Hummingbird

/// The query of `GET /v1/sessions`: `user`, `agent`, `parent`, `phase`, `active`, `limit`,
/// `cursor` (and `app` in open mode).
struct ListParameters {
    /// The parameters this route knows.
    static let names: Set<String> = ["app", "user", "agent", "parent", "phase", "active", "limit", "cursor"]

    let parameters: Parameters

    init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// The store query the parameters describe.
    /// - Throws: ``APIError`` (422) for an unknown parameter or a malformed value.
    func query(app: String) throws -> SessionQuery {
        for (name, _) in parameters where !Self.names.contains(String(name)) {
            throw APIError.invalid(String(name), "unknown query parameter '\(name)'")
        }
        var query = SessionQuery(app: app)
        query.userID = parameters["user"].map(String.init)
        query.agentName = parameters["agent"].map(String.init)
        if let parent = parameters["parent"] {
            do {
                query.parentID = try SessionID(String(parent))
            } catch {
                throw APIError.invalid("parent", error.message)
            }
        }
        query.phase = parameters["phase"].map { Phase(String($0)) }
        switch parameters["active"] {
        case nil: break
        case "true"?: query.isFinalized = false
        case "false"?: query.isFinalized = true
        default: throw APIError.invalid("active", "active must be true or false")
        }
        query.limit = try Self.count(parameters["limit"], name: "limit")
        if let cursor = parameters["cursor"] {
            query.cursor = try SessionCursor(token: String(cursor))
        }
        return query
    }

    /// A count parameter: a whole number from 0 to `Int64.max`, in decimal digits alone (no
    /// sign, no blank), as the API document says.
    /// - Throws: ``APIError`` (422).
    static func count(_ text: Substring?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let value = Int(text)
        else {
            throw APIError.invalid(name, "\(name) must be a whole number from 0, not '\(text)'")
        }
        return value
    }
}

import AgentSessions
import Hummingbird

/// The query of `GET /v1/sessions` and `GET /v1/sessions/count`: `user`, `agent`, `parent`,
/// `phase`, `active`, `tag` (repeatable), `metadata.KEY`, `sort`, `limit`, `cursor` (and `app`
/// in open mode); the listing also takes `fields`.
struct ListParameters {
    /// The parameters both routes know, besides `metadata.KEY`.
    static let names: Set<String> = [
        "app", "user", "agent", "parent", "phase", "active", "tag", "sort", "limit", "cursor",
    ]
    /// The prefix of a metadata filter's name: `metadata.customer=acme`.
    static let metadataPrefix = "metadata."

    let parameters: Parameters

    init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// The store query the parameters describe.
    /// - Parameter extra: Parameters the route takes besides ``names`` (read by the caller).
    /// - Throws: ``APIError`` (422) for an unknown parameter or a malformed value.
    func query(app: String, allowing extra: Set<String> = []) throws -> SessionQuery {
        var query = SessionQuery(app: app)
        for (name, value) in parameters {
            if name.hasPrefix(Self.metadataPrefix) {
                let key = String(name.dropFirst(Self.metadataPrefix.count))
                if query.metadata.updateValue(String(value), forKey: key) != nil {
                    throw APIError.invalid(String(name), "\(name) is given twice; give each metadata key once")
                }
            } else if !Self.names.contains(String(name)) && !extra.contains(String(name)) {
                throw APIError.invalid(String(name), "unknown query parameter '\(name)'")
            }
        }
        query.tags = parameters.getAll("tag")
        if let sort = parameters["sort"] { query.order = try SessionOrder(text: String(sort)) }
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

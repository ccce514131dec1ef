import AgentSessions

/// What `GET /v1/sessions` answers with: whole sessions (the default), or, with `fields=`, the
/// named fields of each session's summary.
enum ListingShape: Sendable {
    /// Whole sessions, as `GET /v1/sessions/{id}` returns them.
    case sessions
    /// These fields of each summary (``SessionSummary/jsonKeys``), in this order.
    case summaries(fields: [String])

    /// The shape a `fields` parameter asks for: a comma-separated list of summary keys (one
    /// named twice is returned once).
    /// - Throws: ``APIError`` (422, field `fields`) for an empty list or an unknown key.
    init(fields text: Substring?) throws {
        guard let text else {
            self = .sessions
            return
        }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let known = Set(SessionSummary.jsonKeys)
        var seen: Set<String> = []
        var kept: [String] = []
        for field in fields {
            guard known.contains(field) else {
                throw APIError.invalid(
                    "fields",
                    "'\(Identifier.printable(field))' is not a field of a session summary; fields takes a "
                        + "comma-separated list of " + SessionSummary.jsonKeys.joined(separator: ", ")
                        + " (leave fields out for whole sessions)"
                )
            }
            if seen.insert(field).inserted { kept.append(field) }
        }
        self = .summaries(fields: kept)
    }

    /// One page of `query` as JSON texts, each with the cursor just after it, and the cursor
    /// after the page.
    /// - Throws: What the store throws.
    func page(of query: SessionQuery, from store: any SessionStore) async throws -> (
        elements: [(text: String, cursor: SessionCursor)], nextCursor: SessionCursor?
    ) {
        switch self {
        case .sessions:
            let page = try await store.list(query)
            let elements = page.sessions.map { session in
                (session.jsonValue.jsonText, SessionCursor(after: session, in: query.order))
            }
            return (elements, page.nextCursor)
        case .summaries(let fields):
            let page = try await store.listSummaries(query)
            let elements = page.summaries.map { summary in
                (Self.text(of: summary, fields: fields), SessionCursor(after: summary, in: query.order))
            }
            return (elements, page.nextCursor)
        }
    }

    /// The named fields of a summary as a JSON object's text.
    private static func text(of summary: SessionSummary, fields: [String]) -> String {
        guard case .object(let all) = summary.jsonValue else { return "{}" }
        var object = JSONObject()
        for field in fields { object[field] = all[field] }
        return JSONValue.object(object).jsonText
    }
}

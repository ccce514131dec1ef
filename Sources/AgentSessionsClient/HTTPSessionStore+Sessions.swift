public import AgentSessions
import NIOHTTP1

extension HTTPSessionStore {
    @discardableResult
    public func create(_ new: NewSession) async throws -> Session {
        // The server answers a session given as its own parent as a missing or taken parent,
        // so that no body its document allows is 422; the store's answer is checked here.
        try new.checkParentIsAnother()
        return try await transport.send(
            .POST,
            "/v1/sessions",
            query: [("app", new.app)],
            body: Self.createBody(new, withID: true),
            repetition: .idempotent
        ).session()
    }

    public func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
        guard let id = new.id else { return (try await create(new), true) }
        if new.parentID == id {
            // As in every store: the session if it exists, else refused as its own parent.
            if let existing = try await session(SessionKey(id, app: new.app)) { return (existing, false) }
            try new.checkParentIsAnother()
        }
        let answer = try await transport.send(
            .PUT,
            Self.path(SessionKey(id, app: new.app)),
            query: [("app", new.app)],
            body: Self.createBody(new, withID: false),
            repetition: .read  // a second PUT finds what the first created
        )
        return (try answer.session(), answer.status == .created)
    }

    public func session(_ key: SessionKey) async throws -> Session? {
        do {
            return try await transport.send(.GET, Self.path(key), query: [("app", key.app)], repetition: .read)
                .session()
        } catch let error as SessionStoreError where error.code == .notFound {
            return nil
        }
    }

    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        var fields: JSONObject = [:]
        fields["phase"] = update.phase.map { .string($0.rawValue) }
        fields["metadata"] = update.metadata.map(JSONValue.object)
        fields["state"] = update.state.map(JSONValue.object)
        fields["resume_ready"] = update.isResumeReady.map(JSONValue.bool)
        fields["error"] = update.error.map(JSONValue.string)
        fields["expires_at"] = update.expiresAt?.jsonValue
        fields["title"] = update.title.map(JSONValue.string)
        fields["tags"] = update.tags.map { .array($0.map(JSONValue.string)) }
        if update.recordsResume { fields["records_resume"] = true }
        if let finalization = update.finalization {
            var finalize: JSONObject = ["outcome": .string(finalization.outcome.rawValue)]
            finalize["summary"] = finalization.summary.map(JSONValue.string)
            fields["finalize"] = .object(finalize)
        }
        return try await transport.send(
            .PATCH,
            Self.path(key),
            query: [("app", key.app)],
            body: JSONValue.object(fields).jsonText,
            headers: expectedVersion.map { [("If-Match", "\"\($0)\"")] } ?? [],
            repetition: .never
        ).session()
    }

    @discardableResult
    public func delete(_ key: SessionKey) async throws -> Int {
        let answer = try await transport.send(.DELETE, Self.path(key), query: [("app", key.app)], repetition: .never)
        return Int(clamping: try answer.integer("deleted_sessions"))
    }

    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try query.validate(lifecycles: lifecycles)
        let answer = try await transport.send(
            .GET,
            "/v1/sessions",
            query: Self.parameters(of: query),
            repetition: .read
        )
        let sessions = try answer.elementTexts(of: "sessions").map { text throws(SessionStoreError) in
            try answer.decoded("a session") { _ throws(SessionStoreError) in try Session(json: text) }
        }
        return SessionPage(sessions: sessions, nextCursor: try answer.nextCursor())
    }

    /// Lists summaries with `GET /v1/sessions?fields=…` naming every field of a summary.
    public func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage {
        try query.validate(lifecycles: lifecycles)
        let fields = ("fields", SessionSummary.jsonKeys.joined(separator: ","))
        let answer = try await transport.send(
            .GET,
            "/v1/sessions",
            query: Self.parameters(of: query) + [fields],
            repetition: .read
        )
        let summaries = try answer.elementTexts(of: "sessions").map { text throws(SessionStoreError) in
            try answer.decoded("a session summary") { _ throws(SessionStoreError) in
                try SessionSummary(jsonMembers: try JSONParser.uniqueMemberTexts(of: text, what: "session summary"))
            }
        }
        return SessionSummaryPage(summaries: summaries, nextCursor: try answer.nextCursor())
    }

    /// Counts with `GET /v1/sessions/count`.
    public func count(_ query: SessionQuery) async throws -> Int {
        try query.validate(lifecycles: lifecycles)
        let answer = try await transport.send(
            .GET,
            "/v1/sessions/count",
            query: Self.parameters(of: query.filters),
            repetition: .read
        )
        return Int(clamping: try answer.integer("count"))
    }

    /// The query parameters of a listing (`GET /v1/sessions` and `/v1/sessions/count`).
    static func parameters(of query: SessionQuery) -> [(String, String)] {
        var parameters = [("app", query.app)]
        if let user = query.userID { parameters.append(("user", user)) }
        if let agent = query.agentName { parameters.append(("agent", agent)) }
        if let parent = query.parentID { parameters.append(("parent", parent.rawValue)) }
        if let phase = query.phase { parameters.append(("phase", phase.rawValue)) }
        if let finalized = query.isFinalized { parameters.append(("active", finalized ? "false" : "true")) }
        parameters += query.tags.map { ("tag", $0) }
        parameters += query.metadata.sorted { $0.key < $1.key }.map { ("metadata." + $0.key, $0.value) }
        if query.order != .recentActivityFirst { parameters.append(("sort", query.order.text)) }
        if let limit = query.limit { parameters.append(("limit", String(limit))) }
        if let cursor = query.cursor { parameters.append(("cursor", cursor.token)) }
        return parameters
    }

    /// The path of a session. The id `count` is sent as `%63ount`: `/v1/sessions/count` is the
    /// count of sessions.
    static func path(_ key: SessionKey, _ rest: String = "") -> String {
        let id = key.id.rawValue == "count" ? "%63ount" : APITransport.encoded(key.id.rawValue)
        return "/v1/sessions/" + id + rest
    }

    /// The body of a create (`POST /v1/sessions`, `PUT /v1/sessions/{id}`).
    static func createBody(_ new: NewSession, withID: Bool) -> String {
        var fields: JSONObject = ["app": .string(new.app)]
        if withID, let id = new.id { fields["id"] = .string(id.rawValue) }
        if !new.userID.isEmpty { fields["user_id"] = .string(new.userID) }
        if !new.agentName.isEmpty { fields["agent"] = .string(new.agentName) }
        fields["parent_id"] = new.parentID.map { .string($0.rawValue) }
        if new.kind != .persistent { fields["kind"] = .string(new.kind.rawValue) }
        fields["phase"] = new.phase.map { .string($0.rawValue) }
        if new.isResumeReady { fields["resume_ready"] = true }
        if !new.state.isEmpty { fields["state"] = .object(new.state) }
        if !new.metadata.isEmpty { fields["metadata"] = .object(new.metadata) }
        fields["title"] = new.title.map(JSONValue.string)
        if !new.tags.isEmpty { fields["tags"] = .array(new.tags.map(JSONValue.string)) }
        fields["expires_at"] = new.expiresAt?.jsonValue
        return JSONValue.object(fields).jsonText
    }
}

public import AgentSessions
import NIOHTTP1

// Compactions and the model's view, asked of the server: `compact(_:_:)` and `context(of:_:)`
// are sent whole, so that the server reads and counts the items next to them.
extension HTTPSessionStore {
    /// Sends a compaction counted by the caller: `POST …/compactions` with `tokens_before`.
    @discardableResult
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        let fields: JSONObject = [
            "first_seq": .int(compaction.firstSequence),
            "last_seq": .int(compaction.lastSequence),
            "author": compaction.author.jsonValue,
            "summary_tokens": .int(compaction.tokensAfter),
            "tokens_before": .int(compaction.tokensBefore),
        ]
        return try await postCompaction(summary: compaction.summary, fields, to: key)
    }

    /// Asks the server to compact: `POST …/compactions` without `tokens_before`, so that the
    /// server reads the range, checks its tool calls and counts its tokens.
    @discardableResult
    public func compact(_ key: SessionKey, _ request: CompactionRequest) async throws -> Compaction {
        var fields: JSONObject = ["last_seq": .int(request.lastSequence)]
        fields["first_seq"] = request.firstSequence.map(JSONValue.int)
        if request.author != .caller { fields["author"] = request.author.jsonValue }
        fields["summary_tokens"] = request.summaryTokens.map(JSONValue.int)
        return try await postCompaction(summary: request.summary, fields, to: key)
    }

    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        let answer = try await transport.send(
            .GET,
            Self.path(key, "/compactions"),
            query: [("app", key.app)],
            repetition: .read
        )
        return try answer.decoded("an object with the array 'compactions'") { text throws(SessionStoreError) in
            try Compaction.list(ofMember: "compactions", inObject: text)
        }
    }

    /// Sends compactions to `POST /v1/import/sessions/{id}/compactions`, each checked here
    /// first as every store checks it.
    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        for compaction in compactions { try compaction.validate(of: key.id) }
        let body = #"{"compactions":["# + compactions.map(\.jsonText).joined(separator: ",") + "]}"
        return try await sendRestore("compactions", body: body, to: key)
    }

    /// Asks the server for the model's view: `GET …/context?max_tokens=N&pin=S…`.
    public func context(of key: SessionKey, _ request: ContextRequest) async throws -> ModelContext {
        try request.validate()
        var parameters = [("app", key.app)]
        if let maxTokens = request.maxTokens { parameters.append(("max_tokens", String(maxTokens))) }
        parameters += request.pinned.sorted().map { ("pin", String($0)) }
        let answer = try await transport.send(.GET, Self.path(key, "/context"), query: parameters, repetition: .read)
        return try answer.decoded("a model context") { text throws(SessionStoreError) in
            try ModelContext(json: text)
        }
    }

    public func tokens(of key: SessionKey) async throws -> SessionTokens {
        let answer = try await transport.send(
            .GET,
            Self.path(key, "/tokens"),
            query: [("app", key.app)],
            repetition: .read
        )
        return try answer.decoded("a session's tokens") { text throws(SessionStoreError) in
            try SessionTokens(json: text)
        }
    }

    /// `POST …/compactions` with the summary byte for byte and the other fields.
    private func postCompaction(summary: JSONDocument, _ fields: JSONObject, to key: SessionKey) async throws
        -> Compaction
    {
        // `fields` is never empty: it holds last_seq.
        let body = #"{"summary":"# + summary.text + "," + JSONValue.object(fields).jsonText.dropFirst()
        do {
            return try await transport.send(
                .POST,
                Self.path(key, "/compactions"),
                query: [("app", key.app)],
                body: body,
                repetition: .idempotent
            ).decoded("a compaction") { text throws(SessionStoreError) in try Compaction(json: text) }
        } catch var error as SessionStoreError where error.field == "summary_tokens" {
            error.field = "tokens_after"  // the store's name of the API's summary_tokens
            throw error
        }
    }
}

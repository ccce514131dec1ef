package import AgentSessions

/// One key's record as every ``IdempotencyStore`` keeps it, and the rules that decide what a
/// request with that key gets: shared by the in-memory, SQLite and PostgreSQL records.
///
/// A record counts until ``expiresAt``: a claim until the claim timeout has passed, an answer
/// until the window has. A record past that time is as good as absent, and may be claimed anew.
package struct IdempotencyRecord: Sendable, Hashable {
    /// The digest of the request that claimed the key.
    package var fingerprint: String
    /// The answer, or `nil` while the request runs.
    package var response: StoredResponse?
    /// When the record stops counting.
    package var expiresAt: Timestamp

    package init(fingerprint: String, response: StoredResponse?, expiresAt: Timestamp) {
        self.fingerprint = fingerprint
        self.response = response
        self.expiresAt = expiresAt
    }

    /// A new claim by a request, made at `now`.
    package static func claim(fingerprint: String, now: Timestamp, policy: IdempotencyPolicy) -> IdempotencyRecord {
        IdempotencyRecord(fingerprint: fingerprint, response: nil, expiresAt: now.advanced(by: policy.claimTimeout))
    }

    /// When an answer recorded at `now` stops being replayed.
    package static func answerExpiry(now: Timestamp, policy: IdempotencyPolicy) -> Timestamp {
        now.advanced(by: policy.window)
    }

    /// Whether the record still counts at `now`.
    package func counts(at now: Timestamp) -> Bool {
        now < expiresAt
    }

    /// What a request with `fingerprint` gets at `now` from this record, or `nil` when the
    /// record no longer counts and the request may claim the key.
    package func start(for fingerprint: String, now: Timestamp) -> IdempotencyStart? {
        guard counts(at: now) else { return nil }
        guard fingerprint == self.fingerprint else { return .mismatch }
        return response.map(IdempotencyStart.replay) ?? .inProgress
    }
}

extension StoredResponse {
    /// The headers as compact JSON text, as the database stores keep them.
    package var headersText: String {
        headers.mapValues(JSONValue.string).jsonText
    }

    /// A stored answer read back from a database store.
    /// - Throws: ``SessionStoreError`` (corrupted) when the headers are not a JSON object of
    ///   strings.
    package init(status: Int, headersText: String, body: [UInt8], key: IdempotencyKey) throws(SessionStoreError) {
        var headers: [String: String] = [:]
        let object: JSONObject
        do {
            object = try JSONObject(parsingObject: headersText, field: "headers")
        } catch {
            throw .corruptedIdempotencyRecord(key)
        }
        for (name, value) in object {
            guard let text = value.stringValue else { throw .corruptedIdempotencyRecord(key) }
            headers[name] = text
        }
        self.init(status: status, headers: headers, body: body)
    }
}

extension SessionStoreError {
    /// An idempotency record that cannot be read back.
    package static func corruptedIdempotencyRecord(_ key: IdempotencyKey) -> SessionStoreError {
        SessionStoreError(
            .corrupted,
            "the stored answer of \(key) cannot be read; it was altered or written by another program"
        )
    }
}

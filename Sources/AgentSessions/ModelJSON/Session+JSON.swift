// The JSON shapes shared by the command-line tool (`--json`, the hooks) and the HTTP server.
// Keys are snake_case; times are ISO 8601 text in UTC with microseconds; fields without a value
// are `null`.

extension Session {
    /// The session as JSON, the shape the CLI prints and the HTTP API returns.
    ///
    /// Keys: `id`, `app`, `user_id`, `agent`, `parent_id`, `kind`, `phase`, `resume_ready`,
    /// `state`, `metadata`, `title`, `tags`, `created_at`, `updated_at`, `finalized_at`, `outcome`, `summary`,
    /// `duration_seconds`, `error_count`, `last_error`, `resume_count`, `history`, `version`,
    /// `expires_at`, `last_sequence`. An empty user or agent is `null`.
    public var jsonValue: JSONValue {
        [
            "id": .string(id.rawValue),
            "app": .string(app),
            "user_id": userID.isEmpty ? .null : .string(userID),
            "agent": agentName.isEmpty ? .null : .string(agentName),
            "parent_id": parentID.map { .string($0.rawValue) } ?? .null,
            "kind": .string(kind.rawValue),
            "phase": .string(phase.rawValue),
            "resume_ready": .bool(isResumeReady),
            "state": .object(state),
            "metadata": .object(metadata),
            "title": title.map(JSONValue.string) ?? .null,
            "tags": .array(tags.map(JSONValue.string)),
            "created_at": createdAt.jsonValue,
            "updated_at": updatedAt.jsonValue,
            "finalized_at": finalizedAt?.jsonValue ?? .null,
            "outcome": outcome.map { .string($0.rawValue) } ?? .null,
            "summary": summary.map(JSONValue.string) ?? .null,
            "duration_seconds": duration.map { .double($0.secondsDouble) } ?? .null,
            "error_count": .int(Int64(errorCount)),
            "last_error": lastError.map(JSONValue.string) ?? .null,
            "resume_count": .int(Int64(resumeCount)),
            "history": .array(phaseHistory.map(\.jsonValue)),
            "version": .int(version),
            "expires_at": expiresAt?.jsonValue ?? .null,
            "last_sequence": .int(lastSequence),
        ]
    }

    /// What an agent needs to pick a resumed session up again (seed 002's pre-delegate
    /// `resume_metadata`): `{previous_phase, created_at, history, session_metadata}`.
    public var resumeMetadataJSONValue: JSONValue {
        [
            "previous_phase": .string(phase.rawValue),
            "created_at": createdAt.jsonValue,
            "history": .array(phaseHistory.map(\.jsonValue)),
            "session_metadata": .object(metadata),
        ]
    }
}

extension PhaseTransition {
    /// The transition as JSON: `{from, to, at}`.
    public var jsonValue: JSONValue {
        ["from": .string(from.rawValue), "to": .string(to.rawValue), "at": at.jsonValue]
    }
}

extension Timestamp {
    /// The time as JSON: ISO 8601 text in UTC with microseconds.
    public var jsonValue: JSONValue { .string(iso8601) }
}

extension SessionItem {
    /// The item as JSON: `{seq, item_id, created_at, content}`, with the content as the object
    /// that was appended.
    /// - Throws: ``SessionStoreError`` (corrupted) if the stored text no longer parses.
    public func jsonValue() throws(SessionStoreError) -> JSONValue {
        [
            "seq": .int(sequence),
            "item_id": itemID.map(JSONValue.string) ?? .null,
            "created_at": createdAt.jsonValue,
            "content": .object(try content.object()),
        ]
    }
}

extension SessionItem {
    /// The item as compact JSON text with sorted keys, `{content, created_at, item_id, seq}`,
    /// where the content is the stored text byte for byte (``jsonValue()`` parses it instead).
    public var jsonText: String {
        var text = ""
        text.reserveCapacity(content.text.utf8.count + 96)
        appendJSONText(to: &text)
        return text
    }

    /// Appends ``jsonText`` to `text` without building it on its own first, so that a list
    /// of items is written into one string.
    public func appendJSONText(to text: inout String) {
        text += #"{"content":"#
        text += content.text
        text += #","created_at":""#
        text += createdAt.iso8601
        text += #"","item_id":"#
        if let itemID {
            JSONValue.writeString(itemID, to: &text)
        } else {
            text += "null"
        }
        text += #","seq":"#
        text += String(sequence)
        text += "}"
    }
}

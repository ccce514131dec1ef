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
        // The summary's keys, then the ones only a whole session has.
        var object = SessionSummary(self).jsonObject
        object["state"] = .object(state)
        object["metadata"] = .object(metadata)
        object["summary"] = summary.map(JSONValue.string) ?? .null
        object["duration_seconds"] = duration.map { .double($0.secondsDouble) } ?? .null
        object["last_error"] = lastError.map(JSONValue.string) ?? .null
        object["resume_count"] = .int(Int64(resumeCount))
        object["history"] = .array(phaseHistory.map(\.jsonValue))
        return .object(object)
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
    /// that was appended, `tokens` when the caller counted them and `pinned` when it is.
    /// - Throws: ``SessionStoreError`` (corrupted) if the stored text no longer parses.
    public func jsonValue() throws(SessionStoreError) -> JSONValue {
        var object: JSONObject = [
            "seq": .int(sequence),
            "item_id": itemID.map(JSONValue.string) ?? .null,
            "created_at": createdAt.jsonValue,
            "content": .object(try content.object()),
        ]
        if let tokens { object["tokens"] = .int(tokens) }
        if isPinned { object["pinned"] = true }
        return .object(object)
    }
}

extension SessionItem {
    /// The item as compact JSON text with sorted keys, `{content, created_at, item_id, seq}`,
    /// `pinned` when it is and `tokens` when the caller counted them, where the content is the stored text byte for byte (``jsonValue()`` parses it instead).
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
        if isPinned { text += #","pinned":true"# }
        text += #","seq":"#
        text += String(sequence)
        if let tokens {
            text += #","tokens":"#
            text += String(tokens)
        }
        text += "}"
    }
}

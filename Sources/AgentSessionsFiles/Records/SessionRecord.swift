import AgentSessions

/// What this store keeps about a session beyond Strands' files: the session's fields (all but
/// its state, which lives in Strands' `agent.json`) and the bookkeeping of its items.
///
/// Items live in Strands' message files; the record says which of them count. An item with
/// sequence number S is live when `clearedThrough < S <= liveUpperBound` and S is not in
/// ``removed``. Files outside that set are leftovers of a pop, a clear or a crash and are
/// ignored; files just past ``Session/lastSequence`` were appended by Strands and are adopted.
/// Compactions live in `compactions.json` likewise: the record says how many of them count
/// (see ``SessionFolder/compactions(of:)``).
struct SessionRecord: Sendable {
    /// The newest version of the record's format this store reads. It writes format 1, and
    /// format 2 only for a record with ``liveThrough``, which older versions would misread.
    static let format: Int64 = 2

    /// The session, with its own state only.
    var session: Session
    /// Every item up to this sequence number was cleared.
    var clearedThrough: Int64 = 0
    /// Popped sequence numbers above ``clearedThrough``, ascending.
    var removed: [Int64] = []
    /// How many items are live.
    var itemCount: Int = 0
    /// The bytes of the live items' JSON.
    var itemBytes: Int = 0
    /// The tokens of the live items (``SessionItem/tokenCount``); `nil` in a record written
    /// before token counts were kept, until its items are counted again.
    var itemTokens: Int64? = 0
    /// The sequence numbers of the live pinned items, ascending.
    var pinned: [Int64] = []
    /// Whether any item ever had an item id (otherwise reads skip the id markers).
    var hasItemIDs = false
    /// The highest sequence number that can be live when it is below the session's last one:
    /// a restored session whose last items were removed before it was exported, or whose items
    /// are still being restored. `nil` means ``Session/lastSequence``.
    var liveThrough: Int64?
    /// How many compactions count: the first ones of `compactions.json`. A compaction written
    /// past them was never committed (a crash before the record) and is not read.
    var compactionCount = 0

    /// The highest sequence number that can be live.
    var liveUpperBound: Int64 { liveThrough ?? session.lastSequence }

    /// Counts one more live item: `sequence`, of `bytes` bytes and `tokens` tokens, pinned or not.
    mutating func countItem(_ sequence: Int64, bytes: Int, tokens: Int64, isPinned: Bool) {
        itemCount += 1
        itemBytes += bytes
        itemTokens = itemTokens.map { $0 + tokens }
        if isPinned { pinned.insert(sequence, at: pinned.firstIndex { $0 > sequence } ?? pinned.endIndex) }
    }

    /// Counts one live item fewer: `item`, no longer live.
    mutating func uncountItem(_ item: SessionItem) {
        itemCount -= 1
        itemBytes -= item.content.byteCount
        itemTokens = itemTokens.map { $0 - item.tokenCount }
        pinned.removeAll { $0 == item.sequence }
    }

    /// Counts no live item.
    mutating func uncountItems() {
        itemCount = 0
        itemBytes = 0
        itemTokens = 0
        pinned = []
    }

    /// Whether an item with this sequence number counts.
    func isLive(_ sequence: Int64) -> Bool {
        sequence > clearedThrough && sequence <= liveUpperBound && !removed.contains(sequence)
    }

    /// The live sequence numbers, ascending.
    var liveSequences: [Int64] {
        guard liveUpperBound > clearedThrough else { return [] }
        let removedSet = Set(removed)
        return (clearedThrough + 1...liveUpperBound).filter { !removedSet.contains($0) }
    }

    /// The highest live sequence number, or `nil` when no item is live.
    var highestLive: Int64? {
        let removedSet = Set(removed)
        var sequence = liveUpperBound
        while sequence > clearedThrough {
            if !removedSet.contains(sequence) { return sequence }
            sequence -= 1
        }
        return nil
    }

    /// Lets items go past ``liveThrough`` again (before an append or an adoption): the numbers
    /// between it and the last sequence number, never restored, become removed ones.
    mutating func reopenTail() {
        guard let bound = liveThrough else { return }
        liveThrough = nil
        guard bound < session.lastSequence else { return }
        if itemCount == 0 {
            clearedThrough = session.lastSequence
            removed = []
        } else {
            removed += (bound + 1)...session.lastSequence
        }
    }

    /// Marks a write: the version goes up by one and the last activity becomes `now`.
    mutating func touch(_ now: Timestamp) {
        session.version += 1
        session.updatedAt = now
    }
}

extension SessionRecord {
    /// The record as JSON text.
    var jsonText: String {
        let s = session
        var object: JSONObject = [
            "format": .int(liveThrough == nil ? 1 : 2),
            "id": .string(s.id.rawValue),
            "app": .string(s.app),
            "user_id": .string(s.userID),
            "agent": .string(s.agentName),
            "kind": .string(s.kind.rawValue),
            "phase": .string(s.phase.rawValue),
            "resume_ready": .bool(s.isResumeReady),
            "metadata": .object(s.metadata),
            "created_at": .string(s.createdAt.iso8601),
            "updated_at": .string(s.updatedAt.iso8601),
            "error_count": .int(Int64(s.errorCount)),
            "resume_count": .int(Int64(s.resumeCount)),
            "phase_history": .array(
                s.phaseHistory.map {
                    .object([
                        "from": .string($0.from.rawValue), "to": .string($0.to.rawValue), "at": .string($0.at.iso8601),
                    ])
                }
            ),
            "version": .int(s.version),
            "last_sequence": .int(s.lastSequence),
            "cleared_through": .int(clearedThrough),
            "removed": .array(removed.map { .int($0) }),
            "item_count": .int(Int64(itemCount)),
            "item_bytes": .int(Int64(itemBytes)),
            "item_ids": .bool(hasItemIDs),
        ]
        object["item_tokens"] = itemTokens.map { .int($0) }
        object["pinned"] = pinned.isEmpty ? nil : .array(pinned.map { .int($0) })
        object["parent_id"] = s.parentID.map { .string($0.rawValue) }
        object["finalized_at"] = s.finalizedAt.map { .string($0.iso8601) }
        object["outcome"] = s.outcome.map { .string($0.rawValue) }
        object["summary"] = s.summary.map { .string($0) }
        object["last_error"] = s.lastError.map { .string($0) }
        object["expires_at"] = s.expiresAt.map { .string($0.iso8601) }
        object["title"] = s.title.map { .string($0) }
        object["tags"] = s.tags.isEmpty ? nil : .array(s.tags.map { .string($0) })
        object["live_through"] = liveThrough.map { .int($0) }
        object["compaction_count"] = compactionCount > 0 ? .int(Int64(compactionCount)) : nil
        return JSONValue.object(object).prettyJSONText + "\n"
    }

    /// Reads a record.
    /// - Parameters:
    ///   - text: The file's text.
    ///   - key: The session the file belongs to (its folder).
    ///   - state: The session's own state, from Strands' `agent.json`.
    /// - Throws: ``RecordError`` naming what is wrong.
    init(parsing text: String, key: SessionKey, state: JSONObject) throws(RecordError) {
        let fields: JSONObject
        do {
            fields = try JSONObject(parsingObject: text, field: "record")
        } catch {
            throw RecordError(reason: error.message)
        }
        let reader = FieldReader(fields: fields)
        let format = try reader.int("format")
        guard format <= Self.format else { throw RecordError(reason: "format \(format)", isNewer: true) }
        guard try reader.string("id") == key.id.rawValue, try reader.string("app") == key.app else {
            throw RecordError(reason: "its id or app does not match its folder")
        }
        let history = try reader.array("phase_history").map { value throws(RecordError) in
            let entry = FieldReader(fields: value.objectValue ?? [:])
            return PhaseTransition(
                from: Phase(try entry.string("from")),
                to: Phase(try entry.string("to")),
                at: try entry.timestamp("at")
            )
        }
        session = Session(
            id: key.id,
            app: key.app,
            userID: try reader.string("user_id"),
            agentName: try reader.string("agent"),
            parentID: try reader.optionalString("parent_id").map { SessionID(trusted: $0) },
            kind: SessionKind(rawValue: try reader.string("kind")) ?? .persistent,
            phase: Phase(try reader.string("phase")),
            isResumeReady: try reader.bool("resume_ready"),
            state: state,
            metadata: try reader.object("metadata"),
            title: try reader.optionalString("title"),
            tags: try (reader.optionalArray("tags") ?? []).map { value throws(RecordError) in
                guard let tag = value.stringValue else { throw RecordError(reason: "'tags' holds a non-string") }
                return tag
            },
            createdAt: try reader.timestamp("created_at"),
            updatedAt: try reader.timestamp("updated_at"),
            finalizedAt: try reader.optionalTimestamp("finalized_at"),
            outcome: try reader.optionalString("outcome").map { Phase($0) },
            summary: try reader.optionalString("summary"),
            errorCount: Int(try reader.int("error_count")),
            lastError: try reader.optionalString("last_error"),
            resumeCount: Int(try reader.int("resume_count")),
            phaseHistory: history,
            version: try reader.int("version"),
            expiresAt: try reader.optionalTimestamp("expires_at"),
            lastSequence: try reader.int("last_sequence")
        )
        clearedThrough = try reader.int("cleared_through")
        removed = try reader.array("removed").map { value throws(RecordError) in
            guard let sequence = value.intValue else { throw RecordError(reason: "'removed' holds a non-integer") }
            return sequence
        }
        itemCount = Int(try reader.int("item_count"))
        itemBytes = Int(try reader.int("item_bytes"))
        // Records written before token counts were kept have none: unknown, unless no item is live.
        itemTokens = try reader.optionalInt("item_tokens") ?? (itemCount == 0 ? 0 : nil)
        // Records written before pins existed have none.
        if reader.fields["pinned"] != nil {
            pinned = try reader.array("pinned").map { value throws(RecordError) in
                guard let sequence = value.intValue else { throw RecordError(reason: "'pinned' holds a non-integer") }
                return sequence
            }
        }
        hasItemIDs = try reader.bool("item_ids")
        liveThrough = try reader.optionalInt("live_through")
        // Records written before compactions existed have no count: none.
        let compactions = try reader.optionalInt("compaction_count") ?? 0
        guard (0...Session.largestCount).contains(compactions) else {
            throw RecordError(reason: "field 'compaction_count' is negative or too large")
        }
        compactionCount = Int(compactions)
    }
}

/// Why a stored file cannot be read.
struct RecordError: Error, Sendable {
    var reason: String
    /// Whether the file was written by a newer version of this store.
    var isNewer = false
}

/// Typed access to the fields of a stored JSON object.
struct FieldReader {
    let fields: JSONObject

    private func missing(_ name: String, _ kind: String) -> RecordError {
        RecordError(reason: "field '\(name)' is missing or not \(kind)")
    }

    func string(_ name: String) throws(RecordError) -> String {
        guard let value = fields[name]?.stringValue else { throw missing(name, "a string") }
        return value
    }

    func optionalString(_ name: String) throws(RecordError) -> String? {
        guard let value = fields[name], !value.isNull else { return nil }
        return try string(name)
    }

    func int(_ name: String) throws(RecordError) -> Int64 {
        guard let value = fields[name]?.intValue else { throw missing(name, "an integer") }
        return value
    }

    func optionalInt(_ name: String) throws(RecordError) -> Int64? {
        guard let value = fields[name], !value.isNull else { return nil }
        return try int(name)
    }

    func bool(_ name: String) throws(RecordError) -> Bool {
        guard let value = fields[name]?.boolValue else { throw missing(name, "a boolean") }
        return value
    }

    func object(_ name: String) throws(RecordError) -> JSONObject {
        guard let value = fields[name]?.objectValue else { throw missing(name, "an object") }
        return value
    }

    func array(_ name: String) throws(RecordError) -> [JSONValue] {
        guard case .array(let values) = fields[name] else { throw missing(name, "an array") }
        return values
    }

    func optionalArray(_ name: String) throws(RecordError) -> [JSONValue]? {
        guard let value = fields[name], !value.isNull else { return nil }
        return try array(name)
    }

    func timestamp(_ name: String) throws(RecordError) -> Timestamp {
        guard let value = Timestamp(strandsText: try string(name)) else { throw missing(name, "an ISO 8601 time") }
        return value
    }

    func optionalTimestamp(_ name: String) throws(RecordError) -> Timestamp? {
        guard let value = fields[name], !value.isNull else { return nil }
        return try timestamp(name)
    }
}

extension Timestamp {
    /// Parses ISO 8601 text as Python writes it: with an offset, or without one for UTC.
    init?(strandsText text: String) {
        if let parsed = Timestamp(iso8601: text) {
            self = parsed
        } else if let parsed = Timestamp(iso8601: text + "Z") {
            self = parsed
        } else {
            return nil
        }
    }

    /// The time as Python's `datetime.now(timezone.utc).isoformat()` writes it:
    /// `2026-11-21T07:04:56.933770+00:00`.
    var strandsText: String { String(iso8601.dropLast()) + "+00:00" }
}

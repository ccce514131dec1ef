public import AgentSessions

/// One line of the ``ExportFormat``: the format marker, a session header, an item or a
/// compaction.
///
/// ```swift
/// let line = ExportLine.session(session)
/// write(line.text + "\n")
/// let back = try ExportLine(parsing: line.text)   // .session(session)
/// ```
public enum ExportLine: Hashable, Sendable {
    /// The first line of a file: the format's name and version.
    case format(version: Int64)
    /// A session header: every field of the session. Its items follow it.
    case session(Session)
    /// One item of the session of the last header.
    case item(SessionItem)
    /// One compaction of the session of the last header, after its items.
    case compaction(Compaction)

    /// The line as compact JSON text with sorted keys, without the line break.
    public var text: String {
        switch self {
        case .format(let version):
            return JSONValue.object(
                ["name": .string(ExportFormat.name), "type": "format", "version": .int(version)]
            ).jsonText
        case .session(let session):
            var object = session.jsonValue.objectValue ?? [:]
            object["duration_seconds"] = nil
            object["type"] = "session"
            return object.jsonText
        case .item(let item):
            guard Self.fitsOnOneLine(item.content.text) else {
                var object: JSONObject = [
                    "content_text": .string(item.content.text),
                    "created_at": item.createdAt.jsonValue,
                    "item_id": item.itemID.map(JSONValue.string) ?? .null,
                    "seq": .int(item.sequence),
                    "type": "item",
                ]
                if let tokens = item.tokens { object["tokens"] = .int(tokens) }
                if item.isPinned { object["pinned"] = true }
                return object.jsonText
            }
            // The item's own text, with the type as the last of the sorted keys.
            var line = ""
            item.appendJSONText(to: &line)
            line.removeLast()
            line += #","type":"item"}"#
            return line
        case .compaction(let compaction):
            guard Self.fitsOnOneLine(compaction.summary.text) else {
                var object = (try? JSONValue(parsing: compaction.jsonText, field: "compaction").objectValue) ?? [:]
                object["summary"] = nil
                object["summary_text"] = .string(compaction.summary.text)
                object["type"] = "compaction"
                return object.jsonText
            }
            var line = compaction.jsonText
            line.removeLast()
            line += #","type":"compaction"}"#
            return line
        }
    }

    /// Whether an item's text can go into a line as the `content` object and come back byte for
    /// byte: no line break, and nothing around the braces.
    private static func fitsOnOneLine(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.first == UInt8(ascii: "{") && bytes.last == UInt8(ascii: "}")
            && !bytes.contains { $0 == 0x0A || $0 == 0x0D }
    }
}

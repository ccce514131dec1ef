public import AgentSessions

extension ExportLine {
    /// Reads one line of the ``ExportFormat``.
    ///
    /// Checks the line's shape: one JSON object with a known `type`, no unknown or duplicate
    /// keys, every value of the right JSON type, well-formed ids and times, and an item's JSON
    /// object kept byte for byte. Whether a phase exists in the app's lifecycle or a parent
    /// exists is for the store to check when the session is restored.
    /// - Parameter text: The line, without its line break.
    /// - Throws: `SessionStoreError` (invalid argument) naming the field and what is wrong.
    public init(parsing text: String) throws(SessionStoreError) {
        // Item lines, nearly all of a file, in one pass; anything else, or a line with a
        // problem, the general way, which names the problem.
        if let item = SessionItem.tagged(json: text, key: "type", value: "item", kind: "item line") {
            self = .item(item)
            return
        }
        let texts = try JSONParser.uniqueMemberTexts(of: text, what: "line")
        guard let type = texts["type"] else { throw .invalid("type", "the line has no 'type'") }
        switch try JSONValue(parsing: type, field: "type").stringValue {
        case "format":
            let fields = try JSONFields(texts, allowed: ["type", "name", "version"], kind: "format line")
            guard try fields.required("name", "a string", \.stringValue) == ExportFormat.name else {
                throw .invalid(
                    "name",
                    "this is not an \(ExportFormat.name) export: its format line names another format"
                )
            }
            self = .format(version: try fields.required("version", "an integer", \.intValue))
        case "session":
            self = .session(try Session(jsonMembers: texts, allowing: ["type"], kind: "session line"))
        case "item":
            self = .item(try SessionItem(jsonMembers: texts, allowing: ["type"], kind: "item line"))
        case "compaction":
            var texts = texts
            if let summaryText = texts.removeValue(forKey: "summary_text") {
                guard texts["summary"] == nil else {
                    throw .invalid("summary", "a compaction line needs exactly one of 'summary' and 'summary_text'")
                }
                texts["summary"] = try JSONFields.required(
                    try JSONValue(parsing: summaryText, field: "summary_text"),
                    "summary_text",
                    "a string",
                    \.stringValue
                )
            }
            self = .compaction(try Compaction(jsonMembers: texts, allowing: ["type"]))
        default:
            throw .invalid(
                "type",
                "unknown line type \(type); expected \"format\", \"session\", \"item\" or \"compaction\""
            )
        }
    }
}

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
        default:
            throw .invalid("type", "unknown line type \(type); expected \"format\", \"session\" or \"item\"")
        }
    }
}

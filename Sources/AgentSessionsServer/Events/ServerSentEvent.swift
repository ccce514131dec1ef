import AgentSessions

/// One event of a `text/event-stream`, as the HTML standard's Server-Sent Events define it.
struct ServerSentEvent: Equatable, Sendable {
    /// The event's type (`event:`).
    var name: String
    /// The event's id (`id:`), which a reconnecting client sends back as `Last-Event-ID`.
    var id: String?
    /// The payload (`data:`); line breaks in it become several `data:` lines.
    var data: String

    /// An event whose payload is JSON.
    init(_ name: String, id: String? = nil, json: JSONValue) {
        self.init(name, id: id, data: json.jsonText)
    }

    /// An event with a payload of text, such as JSON text kept as it was stored.
    init(_ name: String, id: String? = nil, data: String) {
        self.name = name
        self.id = id
        self.data = data
    }

    /// The event as it goes on the wire, ending with the blank line that dispatches it.
    var text: String {
        var text = "event: \(name)\n"
        if let id { text += "id: \(id)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line.hasSuffix("\r") ? line.dropLast() : line)\n"
        }
        return text + "\n"
    }

    /// A comment line, ignored by clients: keeps idle connections open and shows a dead one.
    static func comment(_ text: String) -> String { ": \(text)\n\n" }
}

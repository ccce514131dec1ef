public import AgentSessions

extension ChatMessage {
    /// The message of a stored item: `{"role": …, "content": "text"}`, or Strands' shape with
    /// `content` as a list of `{"text": …}` blocks. Items of another shape are not messages.
    public init?(item: SessionItem) {
        self.init(content: item.content)
    }

    /// The message of an item's JSON object (or a compaction's summary), as ``init(item:)``
    /// reads it.
    public init?(content: JSONDocument) {
        guard let object = try? content.object(), let role = object["role"]?.stringValue else { return nil }
        switch object["content"] {
        case .string(let text)?:
            self.init(Role(rawValue: role), text)
        case .array(let blocks)?:
            let texts = blocks.compactMap { $0.objectValue?["text"]?.stringValue }
            guard !texts.isEmpty else { return nil }
            self.init(Role(rawValue: role), texts.joined(separator: "\n"))
        default:
            return nil
        }
    }

    /// The item that stores this message: `{"role": …, "content": …}`.
    public var item: NewItem {
        NewItem(["role": .string(role.rawValue), "content": .string(content)])
    }
}

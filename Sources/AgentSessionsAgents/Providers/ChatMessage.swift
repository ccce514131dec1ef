/// One message of a conversation as a model sees it: a role and text.
public struct ChatMessage: Hashable, Sendable {
    /// Who wrote a message.
    public struct Role: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The instructions.
        public static let system = Role(rawValue: "system")
        /// The person.
        public static let user = Role(rawValue: "user")
        /// The agent.
        public static let assistant = Role(rawValue: "assistant")
    }

    /// Who wrote it.
    public var role: Role
    /// The text.
    public var content: String

    /// Creates a message.
    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

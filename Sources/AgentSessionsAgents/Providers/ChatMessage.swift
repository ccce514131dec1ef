/// One message of a conversation as a model sees it: a role and text.
public struct ChatMessage: Hashable, Sendable {
    /// Who wrote a message.
    public struct Role: RawRepresentable, Hashable, Sendable {
        /// The role as chat models name it, such as `user`.
        public var rawValue: String

        /// A role by name; any name a stored item uses is kept as it is.
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
    /// - Parameters:
    ///   - role: Who wrote it.
    ///   - content: The text.
    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

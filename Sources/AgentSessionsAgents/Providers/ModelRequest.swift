/// What an agent asks its model: the instructions, the conversation so far and the new message,
/// with the model's settings.
public struct ModelRequest: Hashable, Sendable {
    /// The model and its parameters.
    public var model: ModelSettings
    /// The agent's system instructions; empty for none.
    public var instructions: String
    /// The earlier messages of the conversation, oldest first.
    public var history: [ChatMessage]
    /// The user's new message, or the summarizer's request.
    public var message: String
    /// What the call is for.
    public var purpose: Purpose

    /// What a model is asked for.
    public enum Purpose: Hashable, Sendable {
        /// The next reply of a conversation.
        case reply
        /// A summary of the conversation in ``history``, to compact it.
        case summary
    }

    /// Describes a request.
    public init(
        model: ModelSettings,
        instructions: String,
        history: [ChatMessage],
        message: String,
        purpose: Purpose = .reply
    ) {
        self.model = model
        self.instructions = instructions
        self.history = history
        self.message = message
        self.purpose = purpose
    }

    /// Every message in the order a chat model reads them: the instructions as a system
    /// message (when there are any), the history, then the new user message.
    public var messages: [ChatMessage] {
        (instructions.isEmpty ? [] : [ChatMessage(.system, instructions)]) + history + [ChatMessage(.user, message)]
    }
}

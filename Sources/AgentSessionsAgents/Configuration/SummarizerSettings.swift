/// How an agent compacts its conversation: the model that summarizes, what it is told, and
/// when (the agents file's `summarizer`).
///
/// ```yaml
/// agents:
///   support:
///     summarizer:
///       max_tokens: 4000          # summarize when the model's view passes 4,000 tokens
///       every_turns: 50           # or every 50 turns, whichever comes first
///       model: {name: gpt-4.1-mini}   # optional: the agent's model, field by field
///       prompt: Summarize …       # optional: defaultPrompt
/// ```
///
/// The turn that crosses a trigger stores its two items, then asks the model for a summary of
/// the conversation as the agent sees it and stores it as a compaction (author: the agent and
/// the model) reaching that turn's last item. Raw items are kept; the agent goes on from the
/// summary. A failed summary leaves the turn as it is and is tried again on the next turn.
public struct SummarizerSettings: Hashable, Sendable {
    /// The prompt a summarizer gets without `prompt`.
    public static let defaultPrompt =
        "Summarize the conversation so far for the assistant that continues it: the user's goals, "
        + "the facts given, the decisions made and the open questions. Be brief and keep names and numbers."

    /// The model that writes the summaries.
    public var model: ModelSettings
    /// The summarizer's system instructions.
    public var prompt: String
    /// Summarize when the model's view of the conversation passes this many tokens
    /// (`TokenEstimate`'s rule); `nil` for no token trigger.
    public var maxTokens: Int64?
    /// Summarize after this many turns since the last summary; `nil` for no turn trigger.
    public var everyTurns: Int?

    /// Describes a summarizer; give at least one trigger.
    public init(model: ModelSettings, prompt: String = defaultPrompt, maxTokens: Int64? = nil, everyTurns: Int? = nil) {
        self.model = model
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.everyTurns = everyTurns
    }

    /// Whether a conversation of `tokens` tokens, `turns` turns after its last summary, is due
    /// for one.
    public func isDue(tokens: Int64, turns: Int) -> Bool {
        (maxTokens.map { tokens > $0 } ?? false) || (everyTurns.map { turns >= $0 } ?? false)
    }
}

public import AgentSessions

/// A model's answer: the text, and the tokens the model says the call used.
public struct ModelReply: Hashable, Sendable {
    /// The reply's text.
    public var text: String
    /// The tokens the call used, when the provider reports them.
    public var usage: TokenUsage?

    /// Describes an answer.
    public init(text: String, usage: TokenUsage? = nil) {
        self.text = text
        self.usage = usage
    }
}

/// The tokens of one model call, as the model reports them.
public struct TokenUsage: Hashable, Sendable {
    /// The tokens of the request (the prompt).
    public var input: Int64
    /// The tokens of the reply.
    public var output: Int64
    /// The request's tokens the provider read from its cache (a part of ``input``).
    public var cached: Int64

    /// Describes a call's tokens.
    public init(input: Int64, output: Int64, cached: Int64 = 0) {
        self.input = input
        self.output = output
        self.cached = cached
    }

    /// The usage as JSON: `{"input_tokens", "output_tokens", "cached_tokens"}`.
    public var jsonValue: JSONValue {
        ["input_tokens": .int(input), "output_tokens": .int(output), "cached_tokens": .int(cached)]
    }
}

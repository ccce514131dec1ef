import AgentSessions
import Foundation
public import Logging

/// The built-in demo model: deterministic replies that show what the agent remembers of the
/// conversation. It needs no network and understands nothing.
///
/// The reply names the new message, how many earlier messages the agent holds and the
/// conversation's first user message, so that continuity (and its loss) can be seen:
///
/// ```text
/// [offline demo] You said "What is my name?". I remember 2 earlier messages of this
/// conversation; it began with "My name is John".
/// ```
///
/// Asked for a summary, it writes one from the conversation's first and last user messages,
/// the same every time. It reports usage by `TokenEstimate`'s rule: the
/// request's messages as JSON objects in, the reply out.
public struct OfflineModelProvider: ModelProvider {
    /// Creates the provider.
    public init() {}

    public func respond(to request: ModelRequest, logger: Logger) async throws -> ModelReply {
        let text = try await reply(to: request, logger: logger)
        let input = request.messages.reduce(Int64(0)) { $0 + TokenEstimate.tokens(in: $1.item.content) }
        return ModelReply(
            text: text,
            usage: TokenUsage(input: input, output: TokenEstimate.tokens(bytes: text.utf8.count))
        )
    }

    public func reply(to request: ModelRequest, logger: Logger) async throws -> String {
        if request.purpose == .summary { return Self.summary(of: request.history) }
        let earlier = request.history.count
        let said = "[offline demo] You said \"\(Self.shortened(request.message))\"."
        guard let first = request.history.first(where: { $0.role == .user }) else {
            return said + " This is the start of our conversation: I remember no earlier messages."
        }
        let count = earlier == 1 ? "1 earlier message" : "\(earlier) earlier messages"
        return said + " I remember \(count) of this conversation; it began with \"\(Self.shortened(first.content))\"."
    }

    /// A deterministic summary: the conversation's first user message (carried over from the
    /// summary it replaces) and the last one.
    private static func summary(of history: [ChatMessage]) -> String {
        let opening = "the conversation began with \""
        var first = history.first { $0.role == .user }.map { shortened($0.content) }
        if let previous = history.first, previous.role == .system, let start = previous.content.range(of: opening),
            let end = previous.content.range(of: "\"; ", range: start.upperBound..<previous.content.endIndex)
        {
            first = String(previous.content[start.upperBound..<end.lowerBound])
        }
        guard let first, let last = history.last(where: { $0.role == .user }) else {
            return "[offline summary] nothing from the user yet."
        }
        return "[offline summary] \(opening)\(first)\"; the user last said \"\(shortened(last.content))\"."
    }

    /// A text cut to 200 characters.
    private static func shortened(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

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
public struct OfflineModelProvider: ModelProvider {
    /// Creates the provider.
    public init() {}

    public func reply(to request: ModelRequest, logger: Logger) async throws -> String {
        let earlier = request.history.count
        let said = "[offline demo] You said \"\(Self.shortened(request.message))\"."
        guard let first = request.history.first(where: { $0.role == .user }) else {
            return said + " This is the start of our conversation: I remember no earlier messages."
        }
        let count = earlier == 1 ? "1 earlier message" : "\(earlier) earlier messages"
        return said + " I remember \(count) of this conversation; it began with \"\(Self.shortened(first.content))\"."
    }

    /// A text cut to 200 characters.
    private static func shortened(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

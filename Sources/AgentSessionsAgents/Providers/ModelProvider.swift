public import Logging

/// A source of replies: the role behind an agent's model.
///
/// Two ship with the package: ``OfflineModelProvider`` (a deterministic demo) and
/// ``OpenAICompatibleProvider`` (chat completions over HTTP).
///
/// ```swift
/// let provider: any ModelProvider = OfflineModelProvider()
/// let reply = try await provider.reply(to: request, logger: logger)
/// ```
public protocol ModelProvider: Sendable {
    /// Answers a request.
    ///
    /// Cancelling the calling task cancels the call.
    /// - Parameters:
    ///   - request: The instructions, the history, the new message and the model's settings.
    ///   - logger: Where the call is logged (at debug level; never the messages).
    /// - Returns: The reply's text.
    /// - Throws: ``ModelProviderError`` when no reply can be had; `CancellationError` unchanged.
    func reply(to request: ModelRequest, logger: Logger) async throws -> String

    /// Answers a request with the tokens the call used, when the provider knows them.
    ///
    /// A default implementation answers with ``reply(to:logger:)`` and no usage.
    /// - Throws: As ``reply(to:logger:)``.
    func respond(to request: ModelRequest, logger: Logger) async throws -> ModelReply
}

extension ModelProvider {
    public func respond(to request: ModelRequest, logger: Logger) async throws -> ModelReply {
        ModelReply(text: try await reply(to: request, logger: logger))
    }
}

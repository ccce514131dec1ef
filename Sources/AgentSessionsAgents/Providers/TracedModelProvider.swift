import AgentSessions
import AgentSessionsServer
import Logging
import Tracing

/// A provider whose every reply runs in a span, a child of the chat request's: named as
/// OpenTelemetry's conventions for generative AI name it (`chat` and the model, such as
/// `chat gpt-4o-mini`), with the model, the provider, the agent, the app and the session as
/// attributes, never the messages.
struct TracedModelProvider: ModelProvider {
    /// The provider that answers.
    let base: any ModelProvider
    /// Where the spans go.
    let tracer: any Tracer
    /// The agent whose model it is.
    let agent: AgentDefinition
    /// The session the agent answers in.
    let key: SessionKey

    func reply(to request: ModelRequest, logger: Logger) async throws -> String {
        try await respond(to: request, logger: logger).text
    }

    func respond(to request: ModelRequest, logger: Logger) async throws -> ModelReply {
        try await tracer.withSpan("chat \(request.model.name)", ofKind: .client) { span in
            span.attributes["gen_ai.operation.name"] = "chat"
            span.attributes["gen_ai.request.model"] = request.model.name
            span.attributes["gen_ai.provider.name"] = request.model.provider.rawValue
            span.attributes[SpanAttributeNames.agent] = agent.name
            span.attributes[SpanAttributeNames.app] = key.app
            span.attributes[SpanAttributeNames.sessionID] = key.id.rawValue
            let reply = try await base.respond(to: request, logger: logger)
            if let usage = reply.usage {
                span.attributes["gen_ai.usage.input_tokens"] = Int(clamping: usage.input)
                span.attributes["gen_ai.usage.output_tokens"] = Int(clamping: usage.output)
            }
            return reply
        }
    }
}

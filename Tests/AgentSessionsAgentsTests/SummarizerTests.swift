import AgentSessions
import AgentSessionsAgents
import AgentSessionsTesting
import Logging
import MetricsTestKit
import Synchronization
import Testing

/// Agents with a summarizer: long conversations stay within the window and keep every raw item.
struct SummarizerTests {
    private func catalog(maxTokens: Int64? = nil, everyTurns: Int? = nil) throws -> AgentCatalog {
        try AgentCatalog([
            AgentDefinition(
                name: "assistant",
                summarizer: SummarizerSettings(model: ModelSettings(), maxTokens: maxTokens, everyTurns: everyTurns)
            )
        ])
    }

    @Test func aLongConversationStaysWithinItsWindowAndLosesNoItem() async throws {
        let window: Int64 = 600
        let fixture = RuntimeFixture(catalog: try catalog(maxTokens: window))
        let key = SessionKey("long")
        var compactions = 0
        var largestView: Int64 = 0
        for turn in 1...500 {
            let reply = try await fixture.runtime.chat("message \(turn): tell me more", in: key)
            if reply.compaction != nil { compactions += 1 }
            if turn % 50 == 0 {
                // A new instance rebuilds from the store's view, as after a restart.
                await fixture.runtime.evictIdleInstances()
                fixture.clock.advance(by: .seconds(120))
                await fixture.runtime.evictIdleInstances()
            }
            largestView = max(largestView, try await fixture.store.context(of: key).tokensAfter)
        }
        let items = try await fixture.store.items(of: key, .all)
        #expect(items.map(\.sequence) == Array(1...1000), "every raw item is kept")
        #expect(ChatMessage(item: items[998]) == ChatMessage(.user, "message 500: tell me more"))
        let stored = try await fixture.store.compactions(of: key)
        #expect(compactions > 10 && stored.count == compactions)
        #expect(stored.allSatisfy { $0.firstSequence == 1 }, "each summary replaces the one before")
        #expect(stored.allSatisfy { $0.author == .summarizer(agent: "assistant", model: "offline") })
        #expect(largestView <= window, "the turn that crosses the window compacts it: \(largestView)")
        let view = try await fixture.store.context(of: key)
        #expect(view.entries.first?.sequence == nil, "the view starts with the latest summary")
        let summary = try #require(ChatMessage(content: view.entries[0].content))
        #expect(summary.role == .system && summary.content.contains("message 1: tell me more"))
    }

    @Test func everyNTurnsCompactsOnTheTurnThatCrossesIt() async throws {
        let fixture = RuntimeFixture(catalog: try catalog(everyTurns: 3))
        let key = SessionKey("counted")
        var made: [Int: Int64] = [:]
        for turn in 1...7 {
            if let compaction = try await fixture.runtime.chat("turn \(turn)", in: key).compaction {
                made[turn] = compaction.lastSequence
            }
        }
        #expect(made == [3: 6, 6: 12], "on turns 3 and 6, through their replies")
        let view = try await fixture.store.context(of: key)
        #expect(view.entries.map(\.sequence) == [nil, 13, 14])
    }

    @Test func aFailingSummarizerLeavesTheTurnAndTriesAgain() async throws {
        struct FlakySummarizer: ModelProvider {
            let failures: CallCounter
            func reply(to request: ModelRequest, logger: Logger) async throws -> String {
                if request.purpose == .summary, failures.next() <= 1 {
                    throw ModelProviderError(.unreachable, "the summarizer is down")
                }
                return try await OfflineModelProvider().reply(to: request, logger: logger)
            }
        }
        let fixture = RuntimeFixture(
            catalog: try catalog(everyTurns: 1),
            providers: [.offline: FlakySummarizer(failures: CallCounter())]
        )
        let key = SessionKey("flaky")
        let first = try await fixture.runtime.chat("hello", in: key)
        #expect(first.compaction == nil && first.text.contains("hello"), "the turn is answered and stored")
        #expect(try await fixture.store.items(of: key, .all).count == 2)
        let second = try await fixture.runtime.chat("again", in: key)
        #expect(second.compaction?.lastSequence == 4, "the next turn summarizes")
    }

    @Test func repliesCarryTheModelsUsage() async throws {
        let fixture = RuntimeFixture()
        let key = SessionKey("usage")
        let reply = try await fixture.runtime.chat("count my tokens", in: key)
        let usage = try #require(reply.usage)
        #expect(usage.input > 0 && usage.output == TokenEstimate.tokens(bytes: reply.text.utf8.count))
        let stored = try await fixture.store.items(of: key, .all)[1].content.object()
        #expect(stored["usage"] == usage.jsonValue, "the reply's item records the usage")
        #expect(ChatMessage(content: try await fixture.store.items(of: key, .all)[1].content)?.content == reply.text)
        let counter = try fixture.metrics.expectCounter(
            AgentRuntime.tokensMetric,
            [("app", key.app), ("agent", "assistant"), ("type", "output")]
        )
        #expect(counter.totalValue == usage.output)
    }

    @Test func repliesCountTheirTokensAndTheShareOfTheWindow() async throws {
        let window = 1_000
        let fixture = RuntimeFixture(
            catalog: try AgentCatalog([AgentDefinition(name: "assistant", model: ModelSettings(contextWindow: window))])
        )
        let key = SessionKey("window")
        let reply = try await fixture.runtime.chat("count my tokens", in: key)
        let usage = try #require(reply.usage)
        let items = try await fixture.store.items(of: key, .all)
        #expect(items.map(\.tokens) == [nil, usage.output], "the reply counts what the model reported")
        let view = try await fixture.store.context(of: key)
        #expect(reply.contextTokens == view.tokensBefore, "the conversation as the model sees it next turn")
        #expect(reply.contextTokens == TokenEstimate.tokens(in: items[0].content) + usage.output)
        #expect(reply.contextWindow == window)
        #expect(reply.contextShare == Double(reply.contextTokens) / Double(window))
        let next = try await fixture.runtime.chat("and now?", in: key)
        #expect(next.contextTokens > reply.contextTokens)
        #expect(try await fixture.store.tokens(of: key).contextTokens == next.contextTokens)
        let plain = try await RuntimeFixture().runtime.chat("no window", in: SessionKey("plain"))
        #expect(plain.contextWindow == nil && plain.contextShare == nil && plain.contextTokens > 0)
    }

    @Test func theAgentsFileDeclaresAContextWindow() throws {
        let catalog = try AgentCatalog(
            yaml: """
                defaults:
                  model: {context_window: 128000}
                agents:
                  big: {}
                  small:
                    model: {context_window: 8192}
                """,
            source: "agents.yaml"
        )
        #expect(catalog.agent(named: "big")?.model.contextWindow == 128_000, "from the defaults")
        #expect(catalog.agent(named: "small")?.model.contextWindow == 8_192)
        do {
            _ = try AgentCatalog(yaml: "agents: {a: {model: {context_window: 0}}}", source: "a.yaml")
            Issue.record("a window of 0 tokens was accepted")
        } catch {
            #expect(error.message.contains("agents.a.model.context_window must be 1 token or more"), "\(error.message)")
        }
    }

    @Test func theAgentsFileDeclaresASummarizer() throws {
        let catalog = try AgentCatalog(
            yaml: """
                agents:
                  support:
                    model: {provider: openai-compatible, name: big-model, temperature: 0.5}
                    summarizer:
                      max_tokens: 4000
                      every_turns: 50
                      model: {name: small-model}
                      prompt: Keep it short.
                  plain: {}
                """,
            source: "agents.yaml"
        )
        let summarizer = try #require(catalog.agent(named: "support")?.summarizer)
        #expect(summarizer.model.name == "small-model" && summarizer.model.provider == .openAICompatible)
        #expect(summarizer.model.temperature == 0.5, "unnamed fields come from the agent's model")
        #expect(summarizer.prompt == "Keep it short." && summarizer.maxTokens == 4000 && summarizer.everyTurns == 50)
        #expect(catalog.agent(named: "plain")?.summarizer == nil)
        for (yaml, expected) in [
            ("agents: {a: {summarizer: {prompt: x}}}", "needs a trigger"),
            ("agents: {a: {summarizer: {every_turns: 0}}}", "must be 1 or more"),
            ("agents: {a: {summarizer: {max_tokens: 10, model: {provider: openai-compatible}}}}", "names no model"),
            ("agents: {a: {summarizer: {max_tokens: 10, window: 3}}}", "window"),
        ] {
            #expect(throws: AgentsFileError.self, "\(yaml)") { try AgentCatalog(yaml: yaml, source: "a.yaml") }
            do {
                _ = try AgentCatalog(yaml: yaml, source: "a.yaml")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }
}

/// Counts calls across tasks.
final class CallCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}

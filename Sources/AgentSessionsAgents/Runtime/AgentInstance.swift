import AgentSessions
import Logging

/// One live agent for one session: the conversation it holds in memory, and the store version
/// that conversation matches.
///
/// Turns run one at a time, in arrival order: a second request for the same session waits for
/// the first to finish, so the history never interleaves.
actor AgentInstance {
    let agent: AgentDefinition
    let key: SessionKey
    private let store: any SessionStore
    private let provider: any ModelProvider
    /// The provider of the agent's summarizer, if it has one.
    private let summarizerProvider: (any ModelProvider)?
    /// The conversation as the model sees it: the latest summaries, then the messages after.
    private var history: [ChatMessage] = []
    /// The tokens of `history` (`TokenEstimate`'s rule).
    private var historyTokens: Int64 = 0
    /// The turns since the last summary.
    private var turnsSinceSummary = 0
    /// The session version `history` matches; `nil` until it is read, or when another writer
    /// may have changed the session.
    private var knownVersion: Int64?
    private var isTurnRunning = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(
        agent: AgentDefinition,
        key: SessionKey,
        store: any SessionStore,
        provider: any ModelProvider,
        summarizerProvider: (any ModelProvider)? = nil
    ) {
        self.agent = agent
        self.key = key
        self.store = store
        self.provider = provider
        self.summarizerProvider = summarizerProvider
    }

    /// Answers a message in the session, and stores the message and the reply as two items,
    /// creating the session when it is missing.
    ///
    /// Before answering, the instance compares the session's version with the one its history
    /// matches and reads the conversation again when they differ (a new instance, or another
    /// writer): the model's view of it (`SessionStore/context(of:)`), summaries in place of the
    /// items they stand for. Nothing is stored, not even the session, when the model fails.
    /// The reply's item carries the model's reported `usage`, and its output tokens as the
    /// item's token count. A turn that crosses the agent's
    /// summarizer trigger then compacts the conversation through its reply.
    /// - Throws: ``SessionStoreError`` (finalized for a finalized session), ``ModelProviderError``.
    func respond(to message: String, userID: String?, logger: Logger) async throws -> ChatReply {
        await beginTurn()
        defer { endTurn() }
        let existing = try await store.session(key)
        try refuseFinalized(existing)
        let loadsHistory = knownVersion != (existing?.version ?? 0)
        if loadsHistory {
            try await loadHistory(exists: existing != nil)
            knownVersion = existing?.version ?? 0
            logger.debug("Agent history loaded", metadata: [LogKeys.agent: "\(agent.name)"])
        }
        let request = ModelRequest(
            model: agent.model,
            instructions: agent.instructions,
            history: history,
            message: message
        )
        let answer = try await provider.respond(to: request, logger: logger)
        let (session, created) = try await store.getOrCreate(
            NewSession(id: key.id, app: key.app, userID: userID ?? "", agentName: agent.name)
        )
        try refuseFinalized(session)
        let turn = [ChatMessage(.user, message), ChatMessage(.assistant, answer.text)]
        var items = turn.map(\.item)
        if let usage = answer.usage {
            // The model counted the reply: the item carries its count.
            items[1] = NewItem(
                ["role": "assistant", "content": .string(answer.text), "usage": usage.jsonValue],
                tokens: min(max(usage.output, 0), SessionItem.maximumTokens)
            )
        }
        let sequences = try await store.append(items, to: key)
        history += turn
        historyTokens += items.reduce(0) { $0 + ($1.tokens ?? TokenEstimate.tokens(in: $1.content)) }
        turnsSinceSummary += 1
        let after = try await store.session(key)
        let isOnlyWriter =
            sequences.first == (existing?.lastSequence ?? 0) + 1 && after?.lastSequence == sequences.last
        knownVersion = isOnlyWriter ? after?.version : nil
        let compaction = await summarizeIfDue(through: sequences.last ?? 0, logger: logger)
        return ChatReply(
            text: answer.text,
            agent: agent.name,
            session: key,
            conversationLength: history.count,
            memory: agent.sessionMemory.kind,
            createdSession: created,
            loadedHistory: loadsHistory,
            usage: answer.usage,
            compaction: compaction,
            contextTokens: historyTokens,
            contextWindow: agent.model.contextWindow
        )
    }

    /// Reads the model's view of the conversation into `history`.
    private func loadHistory(exists: Bool) async throws {
        guard exists else {
            (history, historyTokens, turnsSinceSummary) = ([], 0, 0)
            return
        }
        let view = try await store.context(of: key)
        history = view.documents.compactMap(ChatMessage.init(content:))
        historyTokens = view.tokensAfter
        let afterSummary = view.entries.count - (view.entries.lastIndex { $0.sequence == nil }.map { $0 + 1 } ?? 0)
        turnsSinceSummary = afterSummary / 2
    }

    /// The request a summarizer is given after the conversation.
    static let summaryRequest = "Summarize the conversation above."
    /// What a stored summary begins with.
    static let summaryPrefix = "Summary of the conversation so far: "

    /// Compacts the conversation now with the agent's summarizer, through the session's last
    /// item, reading the conversation first when another writer changed it.
    /// - Throws: ``SessionStoreError`` (not found), ``AgentRuntimeError`` (no summarizer),
    ///   ``ModelProviderError``, and what ``SessionStore/compact(_:_:)`` throws.
    func summarize(logger: Logger) async throws -> Compaction {
        await beginTurn()
        defer { endTurn() }
        guard let session = try await store.session(key) else { throw SessionStoreError.sessionNotFound(key) }
        if knownVersion != session.version {
            try await loadHistory(exists: true)
            knownVersion = session.version
        }
        return try await summarize(through: session.lastSequence, logger: logger)
    }

    /// Compacts the conversation through `last` when the agent's summarizer is due. A failure
    /// is logged and leaves the conversation as it is; the next turn tries again.
    /// - Returns: The compaction, if one was made.
    private func summarizeIfDue(through last: Int64, logger: Logger) async -> Compaction? {
        guard let summarizer = agent.summarizer, summarizer.isDue(tokens: historyTokens, turns: turnsSinceSummary)
        else { return nil }
        do {
            return try await summarize(through: last, logger: logger)
        } catch {
            logger.warning(
                "Summary failed; the next turn tries again",
                metadata: [LogKeys.agent: "\(agent.name)", "error": "\(error)"]
            )
            return nil
        }
    }

    /// Asks the summarizer's model for a summary of `history` and stores it as a compaction
    /// through `last`; the agent goes on from the summary.
    private func summarize(through last: Int64, logger: Logger) async throws -> Compaction {
        guard let summarizer = agent.summarizer, let summarizerProvider else {
            throw AgentRuntimeError.noSummarizer(agent)
        }
        let request = ModelRequest(
            model: summarizer.model,
            instructions: summarizer.prompt,
            history: history,
            message: Self.summaryRequest,
            purpose: .summary
        )
        let answer = try await summarizerProvider.respond(to: request, logger: logger)
        let summary = ChatMessage(.system, Self.summaryPrefix + answer.text)
        let compaction = try await store.compact(
            key,
            CompactionRequest(
                summary: summary.item.content,
                through: last,
                author: .summarizer(agent: agent.name, model: summarizer.model.name)
            )
        )
        (history, historyTokens, turnsSinceSummary) = ([summary], compaction.tokensAfter, 0)
        logger.debug(
            "Conversation compacted",
            metadata: [LogKeys.agent: "\(agent.name)", "compaction": "\(compaction.number)"]
        )
        return compaction
    }

    /// Refuses a turn in a finalized session.
    private func refuseFinalized(_ session: Session?) throws(SessionStoreError) {
        guard let session, session.isFinalized else { return }
        throw SessionStoreError(
            .finalized,
            "session '\(key.id)' is finalized; chat in a new session (or fork this one)",
            field: "id"
        )
    }

    /// Waits until no other turn runs.
    private func beginTurn() async {
        guard isTurnRunning else {
            isTurnRunning = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the turn to the next waiting request, if any.
    private func endTurn() {
        if waiting.isEmpty {
            isTurnRunning = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

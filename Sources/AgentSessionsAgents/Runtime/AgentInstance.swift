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
    private var history: [ChatMessage] = []
    /// The session version `history` matches; `nil` until it is read, or when another writer
    /// may have changed the session.
    private var knownVersion: Int64?
    private var isTurnRunning = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(agent: AgentDefinition, key: SessionKey, store: any SessionStore, provider: any ModelProvider) {
        self.agent = agent
        self.key = key
        self.store = store
        self.provider = provider
    }

    /// Answers a message in the session, and stores the message and the reply as two items,
    /// creating the session when it is missing.
    ///
    /// Before answering, the instance compares the session's version with the one its history
    /// matches and reads the conversation again when they differ (a new instance, or another
    /// writer). Nothing is stored, not even the session, when the model fails.
    /// - Throws: ``SessionStoreError`` (finalized for a finalized session), ``ModelProviderError``.
    func respond(to message: String, userID: String?, logger: Logger) async throws -> ChatReply {
        await beginTurn()
        defer { endTurn() }
        let existing = try await store.session(key)
        try refuseFinalized(existing)
        let loadsHistory = knownVersion != (existing?.version ?? 0)
        if loadsHistory {
            history = existing == nil ? [] : try await store.items(of: key, .all).compactMap(ChatMessage.init(item:))
            knownVersion = existing?.version ?? 0
            logger.debug("Agent history loaded", metadata: [LogKeys.agent: "\(agent.name)"])
        }
        let request = ModelRequest(
            model: agent.model,
            instructions: agent.instructions,
            history: history,
            message: message
        )
        let reply = try await provider.reply(to: request, logger: logger)
        let (session, created) = try await store.getOrCreate(
            NewSession(id: key.id, app: key.app, userID: userID ?? "", agentName: agent.name)
        )
        try refuseFinalized(session)
        let turn = [ChatMessage(.user, message), ChatMessage(.assistant, reply)]
        let sequences = try await store.append(turn.map(\.item), to: key)
        history += turn
        let after = try await store.session(key)
        let isOnlyWriter =
            sequences.first == (existing?.lastSequence ?? 0) + 1 && after?.lastSequence == sequences.last
        knownVersion = isOnlyWriter ? after?.version : nil
        return ChatReply(
            text: reply,
            agent: agent.name,
            session: key,
            conversationLength: history.count,
            memory: agent.sessionMemory.kind,
            createdSession: created,
            loadedHistory: loadsHistory
        )
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

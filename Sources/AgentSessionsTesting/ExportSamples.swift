public import AgentSessions

/// Sessions and items for tests of restoring, exporting and importing: values with every field
/// set, as another store would hand them over, and a store filled the way agents fill one.
public enum ExportSamples {
    /// A finalized session with every field set to a value no clock of a test would give: user,
    /// agent, history, counts, version 42, shared and own state and metadata of every JSON type.
    /// - Parameters:
    ///   - id: The session's id, in the app `default`.
    ///   - parent: Its parent; a child is ephemeral.
    ///   - lastSequence: The last sequence number. Defaults to 9.
    public static func session(_ id: SessionID, parent: SessionID? = nil, lastSequence: Int64 = 9) -> Session {
        let start = Timestamp(microsecondsSinceEpoch: 1_700_000_000_123_456)
        return Session(
            id: id,
            userID: "ana",
            agentName: "planner",
            parentID: parent,
            kind: parent == nil ? .persistent : .ephemeral,
            phase: .completed,
            isResumeReady: false,
            state: [
                "step": 3, "ratio": 1.5, "done": true, "note": "é \"q\" \n", "app:theme": "dark", "user:lang": "fr",
            ],
            metadata: [
                "task_id": "T001", "tags": ["infra", 2, nil, ["deep": 1.0]], "big": .int(.max), "tiny": 1e-300,
            ],
            title: "Plan \"the\" VPC — ünïcode",
            tags: ["infra", "vpc"],
            createdAt: start,
            updatedAt: start.advanced(by: .seconds(90)),
            finalizedAt: start.advanced(by: .seconds(80)),
            outcome: .completed,
            summary: "Applied\tat once",
            errorCount: 2,
            lastError: "timeout",
            resumeCount: 3,
            phaseHistory: [
                PhaseTransition(from: .initializing, to: .planning, at: start.advanced(by: .seconds(10))),
                PhaseTransition(from: .planning, to: .completed, at: start.advanced(by: .seconds(80))),
            ],
            version: 42,
            expiresAt: start.advanced(by: .seconds(86_400 * 365 * 30)),
            lastSequence: lastSequence
        )
    }

    /// Items 2, 3, 5 and 7 of a ``session(_:parent:lastSequence:)``: gaps where items were
    /// popped, ids on two, their own times, and JSON text as it was appended (blanks, escapes,
    /// line breaks).
    /// - Throws: Never in practice: the texts are valid.
    public static func items() throws -> [SessionItem] {
        let start = Timestamp(microsecondsSinceEpoch: 1_700_000_001_000_001)
        let texts = [
            #"{"role":"user","content":"Plan the VPC"}"#,
            #"{ "role" : "assistant", "n": 1.50, "u": "\u00e9" }"#,
            "{\n  \"role\": \"tool\",\n  \"ok\": true\n}",
            #"{"role":"user","big":12345678901234,"nested":{"a":[1,2.0,null]}}"#,
        ]
        return try zip([Int64(2), 3, 5, 7], texts).map { sequence, text in
            SessionItem(
                sequence: sequence,
                itemID: sequence == 3 ? "msg-3" : (sequence == 7 ? "msg-7" : nil),
                createdAt: start.advanced(by: .seconds(sequence)),
                content: try JSONDocument(validating: text)
            )
        }
    }

    /// Fills a store through its API, newest last: `root` (user `ana`, shared and own state,
    /// items 1…5 with ids on the even ones, 5 popped, then moved to `planning`), `done` (user
    /// `bo`, an error, finalized as failed) and `kid` (an ephemeral child of `root`, with one
    /// item written over several lines).
    /// - Parameters:
    ///   - store: An empty store.
    ///   - advance: Moves the store's clock on between the three sessions, so that their last
    ///     activities differ. Defaults to doing nothing.
    public static func fill(_ store: any SessionStore, advance: () -> Void = {}) async throws {
        let root = try await store.create(
            NewSession(
                id: "root",
                userID: "ana",
                agentName: "planner",
                state: ["step": 1, "ratio": 0.5, "app:theme": "dark", "user:lang": "fr"],
                metadata: ["task_id": "T001", "tags": ["a", 1, 1.0, true, nil]]
            )
        )
        try await store.append(
            (1...5).map {
                NewItem(["n": .int(Int64($0)), "text": "é\u{1}\"x\""], itemID: $0 % 2 == 0 ? "id-\($0)" : nil)
            },
            to: root.key
        )
        try await store.popLastItem(of: root.key)
        advance()
        try await store.update(root.key, SessionUpdate(phase: .planning, isResumeReady: true))
        advance()
        let done = try await store.create(NewSession(id: "done", userID: "bo", agentName: "coder"))
        try await store.recordError(done.key, message: "timeout")
        try await store.finalize(done.key, outcome: .failed, summary: "gave up")
        advance()
        let kid = try await store.create(NewSession(id: "kid", userID: "ana", parentID: "root", kind: .ephemeral))
        try await store.append(
            [NewItem(try JSONDocument(validating: "{\n  \"role\": \"tool\",\n  \"n\": 1.50\n}"), itemID: "t-1")],
            to: kid.key
        )
    }
}

import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import Foundation
import Testing

/// The files a session is made of: Strands' shapes, exactly, and the store's own beside them.
@Suite("FileSessionStore layout")
struct FileSessionStoreLayoutTests {
    @Test("a session is Strands' folder layout, with the store's record beside it")
    func layout() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let key = try await store.create(
                NewSession(
                    id: "s-1",
                    app: "shop",
                    userID: "ana",
                    agentName: "support",
                    state: ["step": 1, "app:theme": "dark"]
                )
            ).key
            try await store.append(
                [NewItem(try JSONDocument(validating: #"{"role":"user","content":[{"text":"hi"}]}"#))],
                to: key
            )
            let folder = directory + "/shop/session_s-1"
            let session = try object(folder + "/session.json")
            #expect(Set(session.keys) == ["session_id", "session_type", "created_at", "updated_at"])
            #expect(session["session_id"] == "s-1" && session["session_type"] == "AGENT")
            #expect(session["created_at"]?.stringValue?.hasSuffix("+00:00") == true, "Python's isoformat in UTC")
            let agent = try object(folder + "/agents/agent_support/agent.json")
            #expect(
                Set(agent.keys) == [
                    "agent_id", "state", "conversation_manager_state", "_internal_state", "created_at", "updated_at",
                ]
            )
            #expect(agent["state"] == ["step": 1], "the session's own state; shared scopes live elsewhere")
            #expect(agent["agent_id"] == "support")
            let messagePath = folder + "/agents/agent_support/messages/message_0.json"
            let message = try object(messagePath)
            #expect(Set(message.keys) == ["message", "message_id", "redact_message", "created_at", "updated_at"])
            #expect(message["message_id"] == 0 && message["redact_message"] == .null)
            #expect(
                try String(contentsOfFile: messagePath, encoding: .utf8).contains(
                    #"{"role":"user","content":[{"text":"hi"}]}"#
                )
            )
            let record = try object(folder + "/agent-sessions.json")
            #expect(record["last_sequence"] == 1 && record["version"] == 2 && record["phase"] == "initializing")
            #expect(FileManager.default.fileExists(atPath: directory + "/shop/.agent-sessions/app-state.json"))
            #expect(FileManager.default.fileExists(atPath: directory + "/shop/.agent-sessions/users/ana/sessions/s-1"))
            let leftovers = try FileManager.default.subpathsOfDirectory(atPath: directory).filter {
                $0.contains(".tmp-")
            }
            #expect(leftovers.isEmpty, "no temporary file is left behind")
        }
    }

    @Test("a session without an agent uses Strands' default agent id")
    func defaultAgent() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            try await store.append([NewItem(["n": 1])], to: try await store.create(NewSession(id: "plain")).key)
            #expect(
                FileManager.default.fileExists(
                    atPath: directory + "/default/session_plain/agents/agent_default/messages/message_0.json"
                )
            )
        }
    }

    @Test("a session written by Strands (files only) is read as it is")
    func strandsFilesOnly() async throws {
        try await TemporaryDirectory.with { directory in
            let folder = directory + "/default/session_legacy/agents/agent_default/messages"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try write(
                #"{"session_id": "legacy", "session_type": "AGENT", "created_at": "2026-01-02T03:04:05.000006+00:00", "updated_at": "2026-01-02T03:04:05.000006+00:00"}"#,
                to: directory + "/default/session_legacy/session.json"
            )
            try write(
                #"{"agent_id": "default", "state": {"k": true}, "conversation_manager_state": {}, "_internal_state": {}, "created_at": "2026-01-02T03:04:05+00:00", "updated_at": "2026-01-02T03:04:06+00:00"}"#,
                to: directory + "/default/session_legacy/agents/agent_default/agent.json"
            )
            for (index, text) in ["a", "b", "c"].enumerated() {
                let redacted = index == 1 ? #"{"role": "assistant", "content": [{"text": "[redacted]"}]}"# : "null"
                try write(
                    """
                    {"message": {"role": "user", "content": [{"text": "\(text)"}]}, "message_id": \(index),
                     "redact_message": \(redacted), "created_at": "2026-01-02T03:04:1\(index)+00:00", "updated_at": "2026-01-02T03:04:1\(index)+00:00"}
                    """,
                    to: folder + "/message_\(index).json"
                )
            }
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let session = try #require(try await store.session(SessionKey("legacy")))
            #expect(session.state == ["k": true] && session.lastSequence == 3 && session.version == 1)
            #expect(session.createdAt == Timestamp(iso8601: "2026-01-02T03:04:05.000006Z"))
            #expect(
                session.updatedAt == Timestamp(iso8601: "2026-01-02T03:04:12Z"),
                "the last message is the last activity"
            )
            let items = try await store.items(of: SessionKey("legacy"), .all)
            #expect(
                items.map(\.content.text) == [
                    #"{"role": "user", "content": [{"text": "a"}]}"#,
                    #"{"role": "assistant", "content": [{"text": "[redacted]"}]}"#,
                    #"{"role": "user", "content": [{"text": "c"}]}"#,
                ],
                "the message as written, or its redaction"
            )
            #expect(try await store.statistics(app: nil).itemCount == 3)
            try await store.update(SessionKey("legacy"), SessionUpdate(phase: .planning))
            #expect(try await store.session(SessionKey("legacy"))?.version == 2, "the first write gives it a record")
            let agent = try object(directory + "/default/session_legacy/agents/agent_default/agent.json")
            #expect(agent["conversation_manager_state"] == [:], "Strands' other agent fields are kept")
        }
    }

    @Test("appending to a Strands session without an agent gives it Strands' default agent")
    func strandsSessionWithoutAgent() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(
                atPath: directory + "/default/session_bare",
                withIntermediateDirectories: true
            )
            try write(
                #"{"session_id": "bare", "session_type": "AGENT", "created_at": "2026-01-02T03:04:05+00:00", "updated_at": "2026-01-02T03:04:05+00:00"}"#,
                to: directory + "/default/session_bare/session.json"
            )
            let store = try FileSessionStore(configuration: .init(directory: directory))
            #expect(
                try await store.append(
                    [NewItem(["role": "user", "content": [["text": "hi"]]])],
                    to: SessionKey("bare")
                ) == [1]
            )
            let agent = try object(directory + "/default/session_bare/agents/agent_default/agent.json")
            #expect(agent["agent_id"] == "default" && agent["state"] == [:])
            #expect(try await store.items(of: SessionKey("bare"), .all).count == 1)
        }
    }

    private func object(_ path: String) throws -> JSONObject {
        try JSONObject(parsingObject: String(contentsOfFile: path, encoding: .utf8), field: path)
    }

    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
}

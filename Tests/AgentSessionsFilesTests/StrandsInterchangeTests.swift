import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import Foundation
import TestEnvironments
import Testing

/// Sessions move between Strands' own `FileSessionManager` (the real package from PyPI) and
/// ``FileSessionStore`` in both directions.
@Suite("Strands interchange", .serialized, .tags(.slow), .runsUnlessSlowTestsAreSkipped)
struct StrandsInterchangeTests {
    @Test("Strands writes, the file store reads and continues, Strands reads the continuation")
    func strandsToStore() async throws {
        let strands = try await StrandsEnvironment.require()
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let key = SessionKey("from-strands", app: "interop")
            _ = try await strands.run(StrandsScripts.write, [directory + "/interop", "from-strands"])

            let session = try #require(try await store.session(key))
            #expect(session.agentName == "writer")
            #expect(
                session.state == ["step": 3, "plan": ["approved": false, "cost": 12.5]],
                "agent state, types kept"
            )
            #expect(session.lastSequence == 4)
            let items = try await store.items(of: key, .all)
            #expect(items.map(\.sequence) == [1, 2, 3, 4], "message_<n>.json is item n + 1, in order")
            #expect(
                try items.map { try text(of: $0.content.object()) } == [
                    "Plan the VPC", "Three subnets — ünïcode kept", "Approve", "Applied",
                ]
            )
            #expect(
                try items.map { try $0.content.object()["role"]?.stringValue } == [
                    "user", "assistant", "user", "assistant",
                ]
            )
            #expect(try await store.list(SessionQuery(app: "interop")).sessions.map(\.id) == ["from-strands"])

            // The store continues the conversation; Strands restores an agent that sees all of it.
            try await store.append([message("user", "And the NAT gateway?")], to: key)
            try await store.update(key, SessionUpdate(phase: .planning, state: ["step": 4]))
            let restored = try await readWithStrands(strands, directory, "from-strands", agent: "writer")
            #expect(
                restored.texts == [
                    "Plan the VPC", "Three subnets — ünïcode kept", "Approve", "Applied", "And the NAT gateway?",
                ]
            )
            #expect(restored.state == ["step": 4, "plan": ["approved": false, "cost": 12.5]])

            // Strands appends again; the store adopts the new message.
            _ = try await strands.run(
                StrandsScripts.append,
                [directory + "/interop", "from-strands", "writer", "Go ahead"]
            )
            let after = try await store.items(of: key, .last(2))
            #expect(try after.map { try text(of: $0.content.object()) } == ["And the NAT gateway?", "Go ahead"])
            #expect(after.map(\.sequence) == [5, 6])
            #expect(try await store.session(key)?.phase == .planning, "the store's record survives Strands' writes")
        }
    }

    @Test("The file store writes, Strands restores the agent from it")
    func storeToStrands() async throws {
        let strands = try await StrandsEnvironment.require()
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let session = try await store.create(
                NewSession(
                    id: "from-store",
                    app: "interop",
                    agentName: "helper",
                    state: ["user_name": "Ana", "turns": 2]
                )
            )
            try await store.append(
                [message("user", "Hello — olá"), message("assistant", "Hi Ana"), message("user", "wrong")],
                to: session.key
            )
            try await store.popLastItem(of: session.key)
            try await store.append([message("user", "What did I ask?")], to: session.key)
            try await store.update(session.key, SessionUpdate(state: ["turns": 3, "temp:scratch": true]))

            let restored = try await readWithStrands(strands, directory, "from-store", agent: "helper")
            #expect(restored.texts == ["Hello — olá", "Hi Ana", "What did I ask?"], "the popped message is gone")
            #expect(restored.messageIDs == [0, 1, 3], "Strands' message ids are our sequence numbers minus one")
            #expect(restored.state == ["user_name": "Ana", "turns": 3])
            #expect(restored.sessionID == "from-store" && restored.sessionType == "AGENT")
        }
    }

    private func message(_ role: String, _ text: String) -> NewItem {
        NewItem(["role": .string(role), "content": [["text": .string(text)]]])
    }

    private func text(of message: JSONObject) -> String? {
        guard case .array(let blocks) = message["content"] else { return nil }
        return blocks.first?.objectValue?["text"]?.stringValue
    }

    /// What Strands' restored agent sees.
    private struct Restored {
        var texts: [String?]
        var state: JSONObject
        var messageIDs: [Int64]
        var sessionID: String?
        var sessionType: String?
    }

    private func readWithStrands(_ strands: StrandsEnvironment, _ directory: String, _ id: String, agent: String)
        async throws
        -> Restored
    {
        let output = try await strands.run(StrandsScripts.read, [directory + "/interop", id, agent])
        let result = try JSONObject(parsingObject: output, field: "strands output")
        guard case .array(let messages) = result["messages"], case .array(let ids) = result["message_ids"] else {
            throw SessionStoreError.invalid("strands output", "unexpected output: \(output)")
        }
        let session = result["session"]?.objectValue ?? [:]
        return Restored(
            texts: messages.map { $0.objectValue.flatMap(text(of:)) },
            state: result["state"]?.objectValue ?? [:],
            messageIDs: ids.compactMap(\.intValue),
            sessionID: session["session_id"]?.stringValue,
            sessionType: session["session_type"]?.stringValue
        )
    }
}

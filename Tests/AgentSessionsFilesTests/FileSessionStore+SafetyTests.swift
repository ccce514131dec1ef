import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import Foundation
import InMemoryLogging
import Logging
import Testing

/// Ids that would leave the directory, damaged files and interrupted writes.
@Suite("FileSessionStore safety")
struct FileSessionStoreSafetyTests {
    @Test(
        "ids and apps that would leave the directory are refused before any path is built",
        arguments: ["..", ".", "../outside", "a/b", #"a\b"#, "a\u{0}b", "/etc", String(repeating: "x", count: 300)]
    )
    func escapingIDs(_ raw: String) async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory + "/store"))
            let key = SessionKey(SessionID(trusted: raw))
            await #expect(throws: SessionStoreError(.invalidArgument, "")) {
                try await store.create(NewSession(id: key.id))
            }
            await #expect(throws: SessionStoreError(.invalidArgument, "")) { try await store.session(key) }
            await #expect(throws: SessionStoreError(.invalidArgument, "")) {
                try await store.append([NewItem(["a": 1])], to: key)
            }
            await #expect(throws: SessionStoreError(.invalidArgument, "")) { try await store.items(of: key, .all) }
            await #expect(throws: SessionStoreError(.invalidArgument, "")) { try await store.delete(key) }
            await #expect(throws: SessionStoreError(.invalidArgument, "")) {
                try await store.session(SessionKey("fine", app: raw))
            }
            let real = try await store.create(NewSession(id: "real"))
            await #expect(throws: SessionStoreError(.invalidArgument, "")) {
                try await store.fork(real.key, through: nil, as: key.id)
            }
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["store"],
                "nothing outside"
            )
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory + "/store/default") == ["session_real"]
            )
        }
    }

    @Test("a damaged file is reported for its session only; listings skip it and log it")
    func corruptedSession() async throws {
        try await TemporaryDirectory.with { directory in
            let logs = InMemoryLogHandler()
            let store = try FileSessionStore(
                configuration: .init(directory: directory),
                logger: Logger(label: "test", factory: { _ in logs })
            )
            try await store.append([NewItem(["n": 1])], to: try await store.create(NewSession(id: "good")).key)
            let bad = try await store.create(NewSession(id: "bad")).key
            try "{\"format\": 1, \"id\": ".write(
                toFile: directory + "/default/session_bad/agent-sessions.json",
                atomically: false,
                encoding: .utf8
            )

            let error = await #expect(throws: SessionStoreError(.corrupted, "")) { try await store.session(bad) }
            #expect(
                error?.message.contains("'default/session_bad/agent-sessions.json'") == true,
                "\(error?.message ?? "")"
            )
            #expect(error?.message.contains(directory) == false, "the path is relative to the store's directory")
            #expect(try await store.session(SessionKey("good"))?.lastSequence == 1, "other sessions are still served")
            #expect(try await store.list(SessionQuery()).sessions.map(\.id) == ["good"])
            #expect(try await store.statistics(app: nil).sessionCount == 1)
            let skipped = logs.entries.filter { $0.message == "skipping a session that cannot be read" }
            #expect(skipped.first?.metadata["session.id"] == "bad")
            #expect(try await store.delete(bad) == 1, "a damaged session can still be deleted")

            let message = directory + "/default/session_good/agents/agent_default/messages/message_0.json"
            try "{\"message\": {\"n\": ".write(toFile: message, atomically: false, encoding: .utf8)
            let itemError = await #expect(throws: SessionStoreError(.corrupted, "")) {
                try await store.items(of: SessionKey("good"), .all)
            }
            #expect(
                itemError?.message.contains("default/session_good/agents/agent_default/messages/message_0.json") == true
            )
        }
    }

    @Test("a record from a newer version of the store is refused as such")
    func newerRecord() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let key = try await store.create(NewSession(id: "future")).key
            let path = directory + "/default/session_future/agent-sessions.json"
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
                of: "\"format\": 1",
                with: "\"format\": 9"
            )
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            await #expect(throws: SessionStoreError(.incompatibleSchema, "")) { try await store.session(key) }
        }
    }

    @Test("a batch cut short by a crash is rolled back; temporary files are ignored")
    func interruptedBatch() async throws {
        try await TemporaryDirectory.with { directory in
            let logs = InMemoryLogHandler()
            let store = try FileSessionStore(
                configuration: .init(directory: directory),
                logger: Logger(label: "test", factory: { _ in logs })
            )
            let key = try await store.create(NewSession(id: "crashy")).key
            try await store.append([NewItem(["n": 1]), NewItem(["n": 2])], to: key)
            // What a crash in the middle of a three-item append leaves: the intent, two of the
            // three message files, and a temporary file that was never renamed.
            let folder = directory + "/default/session_crashy"
            try #"{"first": 3, "last": 5}"#.write(
                toFile: folder + "/append-batch.json",
                atomically: false,
                encoding: .utf8
            )
            for index in [2, 3] {
                try
                    #"{"message": {"n": 99}, "message_id": \#(index), "redact_message": null, "created_at": "2026-01-01T00:00:00+00:00", "updated_at": "2026-01-01T00:00:00+00:00"}"#
                    .write(
                        toFile: folder + "/agents/agent_default/messages/message_\(index).json",
                        atomically: false,
                        encoding: .utf8
                    )
            }
            try "{\"half".write(
                toFile: folder + "/agents/agent_default/messages/.tmp-0123",
                atomically: false,
                encoding: .utf8
            )

            #expect(try await store.items(of: key, .all).map(\.content.text) == [#"{"n":1}"#, #"{"n":2}"#])
            #expect(try await store.session(key)?.lastSequence == 2)
            #expect(try await store.append([NewItem(["n": 3])], to: key) == [3])
            #expect(
                try await store.items(of: key, .all).map(\.content.text) == [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#]
            )
            #expect(!FileManager.default.fileExists(atPath: folder + "/append-batch.json"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/agents/agent_default/messages/message_3.json"))
            #expect(logs.entries.contains { $0.message == "rolled back an append batch cut short" })
        }
    }

    @Test("clean-up removes what a deletion cut short by a crash left behind")
    func leftoverTrash() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            try await store.create(NewSession(id: "kept"))
            let trash = directory + "/default/.trash-0123456789abcdef"
            try FileManager.default.createDirectory(atPath: trash + "/agents", withIntermediateDirectories: true)
            #expect(try await store.deleteSessions(idleLongerThan: .seconds(3600)) == 0)
            #expect(!FileManager.default.fileExists(atPath: trash))
            #expect(try await store.session(SessionKey("kept")) != nil)
        }
    }

    @Test("without syncing to disk the store behaves the same")
    func withoutSync() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(
                configuration: .init(directory: directory, options: .init(syncsToDisk: false))
            )
            let key = try await store.create(NewSession(id: "fast")).key
            #expect(try await store.append([NewItem(["n": 1]), NewItem(["n": 2])], to: key) == [1, 2])
            let reopened = try FileSessionStore(configuration: .init(directory: directory))
            #expect(try await reopened.items(of: key, .all).count == 2)
        }
    }
}

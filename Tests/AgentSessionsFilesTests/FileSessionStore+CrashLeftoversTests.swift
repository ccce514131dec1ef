import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import Foundation
import Testing

/// What a writer killed in the middle of a write leaves, built by hand file by file, and its
/// removal: by the session's next write, or by the next opening of the store.
@Suite("FileSessionStore crash leftovers")
struct FileSessionStoreCrashLeftoversTests {
    private let files = FileManager.default

    private func message(_ index: Int) -> String {
        #"{"message": {"n": 99}, "message_id": \#(index), "redact_message": null, "#
            + #""created_at": "2026-01-01T00:00:00+00:00", "updated_at": "2026-01-01T00:00:00+00:00"}"#
    }

    /// The names in a folder, sorted.
    private func names(_ folder: String) throws -> [String] {
        try files.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func anUncommittedAppendIsNeverReadAndTheNextWriteRemovesIt() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let key = try await store.create(NewSession(id: "crashy")).key
            try await store.append([NewItem(["n": 1], itemID: "one")], to: key)
            let folder = directory + "/default/session_crashy"
            let messages = folder + "/agents/agent_default/messages"
            let before = try (names(folder), names(folder + "/agents/agent_default"), names(messages))
            // A one-item append killed after its message file, before its record: the intent,
            // the message, the item-id markers, and temporary files of unfinished writes in
            // every folder of the session.
            try #"{"first": 2, "last": 2}"#.write(
                toFile: folder + "/append-batch.json",
                atomically: false,
                encoding: .utf8
            )
            try message(1).write(toFile: messages + "/message_1.json", atomically: false, encoding: .utf8)
            try files.createSymbolicLink(atPath: folder + "/item-ids/id-two", withDestinationPath: "2")
            try files.createSymbolicLink(atPath: folder + "/item-ids/seq-2", withDestinationPath: "two")
            for path in [folder, folder + "/agents", folder + "/agents/agent_default", messages, folder + "/item-ids"] {
                try "{\"half".write(toFile: path + "/.tmp-1-0123", atomically: false, encoding: .utf8)
            }

            #expect(try await store.items(of: key, .all).map(\.sequence) == [1], "the uncommitted item is not read")
            #expect(try await store.session(key)?.lastSequence == 1)
            try await store.update(key, SessionUpdate(metadata: ["touched": true]))

            #expect(try names(folder) == before.0, "the intent and temporary files are gone")
            #expect(try names(folder + "/agents/agent_default") == before.1)
            #expect(try names(messages) == before.2, "the uncommitted message file is gone")
            #expect(try names(folder + "/item-ids") == ["id-one", "seq-1"], "its markers are gone")
            #expect(try names(folder + "/agents").filter { $0.hasPrefix(".tmp-") }.isEmpty)
            #expect(try await store.append([NewItem(["n": 2], itemID: "two")], to: key) == [2], "the id is free")
            #expect(try await store.items(of: key, .all).map(\.content.text) == [#"{"n":1}"#, #"{"n":2}"#])
        }
    }

    @Test func openingTheStoreRemovesTheSessionFoldersOfCrashedWriters() async throws {
        try await TemporaryDirectory.with { directory in
            do {
                let store = try FileSessionStore(configuration: .init(directory: directory))
                try await store.create(NewSession(id: "kept"))
            }
            let app = directory + "/default"
            // A create and a delete killed half way: a process id that no longer runs (a child
            // that exited), and one of this process, whose writes may still be under way.
            let child = try await Self.exitedProcessID()
            let crashed = [
                ".tmp-\(child)-0123456789abcdef", ".trash-\(child)-0123456789abcdef", ".tmp-0123456789abcdef",
            ]
            let running = ".tmp-\(getpid())-0123456789abcdef"
            for name in crashed + [running] {
                try files.createDirectory(atPath: app + "/" + name + "/agents", withIntermediateDirectories: true)
            }
            try files.createDirectory(atPath: app + "/.agent-sessions", withIntermediateDirectories: true)
            try "{".write(toFile: app + "/.agent-sessions/.tmp-\(child)-1", atomically: false, encoding: .utf8)

            let store = try FileSessionStore(configuration: .init(directory: directory))
            let left = try names(app)
            for name in crashed { #expect(!left.contains(name), "\(name) is removed") }
            #expect(left.contains(running), "a running writer's folder is left alone")
            #expect(try names(app + "/.agent-sessions").filter { $0.hasPrefix(".tmp-") }.isEmpty)
            #expect(try await store.session(SessionKey("kept")) != nil)
        }
    }

    /// The id of a process that has exited (and was reaped).
    private static func exitedProcessID() async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}

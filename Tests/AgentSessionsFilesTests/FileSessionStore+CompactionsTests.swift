import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import Foundation
import Testing

/// Compactions in `compactions.json`: what survives the store, what a crash leaves and what a
/// damaged file does.
@Suite("FileSessionStore compactions")
struct FileSessionStoreCompactionsTests {
    /// A summary whose text spans lines, which the store keeps byte for byte.
    private func spanning() throws -> JSONDocument {
        try JSONDocument(validating: "{\n  \"role\": \"system\",\n  \"content\": \"Summary: one\"\n}")
    }

    private func summary(_ text: String) -> JSONDocument {
        JSONDocument(["role": "system", "content": .string("Summary: \(text)")])
    }

    /// A store on `directory` with a session `id` holding `count` items.
    private func store(_ directory: String, session id: SessionID, items count: Int) async throws -> FileSessionStore {
        let store = try FileSessionStore(configuration: .init(directory: directory))
        let key = try await store.create(NewSession(id: id)).key
        try await store.append((0..<count).map { NewItem(["n": .int(Int64($0))]) }, to: key)
        return store
    }

    private func path(_ directory: String, _ id: String) -> String {
        directory + "/default/session_\(id)/compactions.json"
    }

    @Test("compactions survive reopening the store, summaries byte for byte")
    func reopening() async throws {
        try await TemporaryDirectory.with { directory in
            let key = SessionKey("kept")
            let made: [Compaction]
            do {
                let store = try await store(directory, session: key.id, items: 6)
                let first = try await store.compact(key, CompactionRequest(summary: try spanning(), through: 2))
                let second = try await store.compact(key, CompactionRequest(summary: summary("two"), through: 5))
                made = [first, second]
            }
            let reopened = try FileSessionStore(configuration: .init(directory: directory))
            let read = try await reopened.compactions(of: key)
            #expect(read == made)
            #expect(read.first?.summary.text == (try spanning()).text, "line breaks and blanks kept")
            let text = try String(contentsOfFile: path(directory, "kept"), encoding: .utf8)
            #expect(text == "{\"compactions\": [\n" + made.map(\.jsonText).joined(separator: ",\n") + "\n]}\n")
            let third = try await reopened.compact(key, CompactionRequest(summary: summary("three"), through: 6))
            #expect(third.number == 3 && third.firstSequence == 1)
        }
    }

    @Test("a compaction whose record a crash kept from being written is never read")
    func uncommittedCompaction() async throws {
        try await TemporaryDirectory.with { directory in
            let key = SessionKey("crashy")
            let store = try await store(directory, session: key.id, items: 4)
            let first = try await store.compact(key, CompactionRequest(summary: summary("one"), through: 2))
            var lost = first
            lost.number = 2
            lost.lastSequence = 3
            lost.summary = summary("lost")
            try ("{\"compactions\": [\n" + first.jsonText + ",\n" + lost.jsonText + "\n]}\n")
                .write(toFile: path(directory, "crashy"), atomically: false, encoding: .utf8)

            #expect(try await store.compactions(of: key) == [first], "the record counts one")
            let second = try await store.compact(key, CompactionRequest(summary: summary("two"), through: 3))
            #expect(second.number == 2 && second.summary == summary("two"))
            #expect(try await store.compactions(of: key) == [first, second], "the uncounted one is replaced")
        }
    }

    @Test("a clear cut short after its record leaves a file that is never read")
    func interruptedClear() async throws {
        try await TemporaryDirectory.with { directory in
            let key = SessionKey("cleared")
            let store = try await store(directory, session: key.id, items: 4)
            try await store.compact(key, CompactionRequest(summary: summary("one"), through: 4))
            let file = path(directory, "cleared")
            let left = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(try await store.clearItems(of: key) == 4)
            #expect(!FileManager.default.fileExists(atPath: file), "a clear removes the file")
            // What a crash between the record and the removal leaves.
            try left.write(to: URL(fileURLWithPath: file))

            #expect(try await store.compactions(of: key).isEmpty)
            try await store.append([NewItem(["n": 5])], to: key)
            let fresh = try await store.compact(key, CompactionRequest(summary: summary("new"), from: 5, through: 5))
            #expect(fresh.number == 1)
            #expect(try await store.compactions(of: key) == [fresh])
        }
    }

    @Test("a torn compactions file is reported as damaged for its session only, as a torn message file is")
    func tornFile() async throws {
        try await TemporaryDirectory.with { directory in
            let key = SessionKey("torn")
            let store = try await store(directory, session: key.id, items: 4)
            try await store.compact(key, CompactionRequest(summary: summary("one"), through: 2))
            try await store.compact(key, CompactionRequest(summary: summary("two"), through: 4))
            let other = try await store.create(NewSession(id: "whole")).key
            try await store.append([NewItem(["n": 1])], to: other)
            let kept = try await store.compact(other, CompactionRequest(summary: summary("kept"), through: 1))
            let file = path(directory, "torn")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try String(text.dropLast(30)).write(toFile: file, atomically: false, encoding: .utf8)

            let error = await #expect(throws: SessionStoreError(.corrupted, "")) {
                try await store.compactions(of: key)
            }
            #expect(
                error?.message.contains("'default/session_torn/compactions.json'") == true,
                "\(error?.message ?? "")"
            )
            await #expect(throws: SessionStoreError(.corrupted, "")) { try await store.context(of: key) }
            await #expect(throws: SessionStoreError(.corrupted, "")) {
                try await store.compact(key, CompactionRequest(summary: summary("three"), through: 4))
            }
            #expect(try await store.items(of: key, .all).count == 4, "the items are still served")
            #expect(try await store.compactions(of: other) == [kept], "other sessions are still served")

            #expect(try await store.clearItems(of: key) == 4, "a clear drops the damaged file")
            #expect(try await store.compactions(of: key).isEmpty)
            #expect(try await store.delete(other) == 1)
            #expect(!FileManager.default.fileExists(atPath: path(directory, "whole")), "a delete removes the file")
        }
    }
}

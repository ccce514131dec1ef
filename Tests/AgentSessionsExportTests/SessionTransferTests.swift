import AgentSessions
import AgentSessionsExport
import AgentSessionsTesting
import Foundation
import Testing

/// `SessionExporter` and `SessionImporter` between in-memory stores.
@Suite("Export and import")
struct SessionTransferTests {
    /// A store filled with ``ExportSamples/fill(_:advance:)``, a second between sessions.
    private func makeSource() async throws -> InMemorySessionStore {
        let clock = ManualWallClock()
        let store = InMemorySessionStore(configuration: .init(clock: clock))
        try await ExportSamples.fill(store) { clock.advance(by: .seconds(1)) }
        return store
    }

    private func export(
        _ store: any SessionStore,
        _ filter: SessionExporter.Filter = .init()
    ) async throws -> [String] {
        var lines: [String] = []
        try await SessionExporter(filter: filter, sessionPageSize: 2, itemPageSize: 3).export(from: store) {
            lines.append($0)
        }
        return lines
    }

    private func load(
        _ lines: [String],
        into store: any SessionStore,
        batchSize: Int = 2
    ) async throws -> (counts: TransferCounts, problems: [ImportProblem]) {
        var importer = SessionImporter(into: store, batchSize: batchSize)
        var problems: [ImportProblem] = []
        for (index, line) in lines.enumerated() { problems += try await importer.read(line, number: index + 1) }
        problems += try await importer.finish()
        return (importer.counts, problems)
    }

    /// The ids of the sessions an export holds, in order.
    private func sessionIDs(_ lines: [String]) throws -> [String] {
        try lines.compactMap { line in
            guard case .session(let session) = try ExportLine(parsing: line) else { return nil }
            return session.id.rawValue
        }
    }

    @Test func roundTripIsExact() async throws {
        let source = try await makeSource()
        let lines = try await export(source)
        #expect(lines.count == 9, "the format line, 3 sessions, 5 items")
        let target = InMemorySessionStore()
        let (counts, problems) = try await load(lines, into: target)
        #expect(problems.isEmpty)
        #expect(counts.sessions == 3 && counts.items == 5 && counts.errors == 0)
        #expect(try await export(target) == lines, "exporting the copy gives the same bytes")
        for id: SessionID in ["root", "done", "kid"] {
            #expect(try await target.session(SessionKey(id)) == source.session(SessionKey(id)))
            #expect(try await target.items(of: SessionKey(id), .all) == source.items(of: SessionKey(id), .all))
        }
        #expect(try await target.append([NewItem(["n": 9])], to: SessionKey("root")) == [6], "5 was popped")
    }

    @Test func bytesAreReadAsTheirText() async throws {
        let lines = try await export(try await makeSource())
        let (expected, _) = try await load(lines, into: InMemorySessionStore())
        // An array and a slice are read as buffers; a lazy view goes the generic way.
        try await expectImport(lines, expected) { Array($0.utf8) }
        try await expectImport(lines, expected) { Array(" \($0) ".utf8).dropFirst().dropLast() }
        try await expectImport(lines, expected) { Array($0.utf8).lazy.map { $0 } }
        var importer = SessionImporter(into: InMemorySessionStore())
        _ = try await importer.read(lines[0], number: 1)
        let problems = try await importer.read(utf8: [0x7B, 0xFF, 0x7D], number: 2)
        #expect(problems.map(\.lines) == [2...2] && problems.first?.error.field == "line", "not UTF-8")
    }

    /// Imports `lines` given as bytes by `bytes`, and expects what importing the texts gives.
    private func expectImport<Bytes: Collection<UInt8>>(
        _ lines: [String],
        _ expected: TransferCounts,
        _ bytes: (String) -> Bytes,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let store = InMemorySessionStore()
        var importer = SessionImporter(into: store, batchSize: 2)
        for (index, line) in lines.enumerated() {
            #expect(
                try await importer.read(utf8: bytes(line), number: index + 1).isEmpty,
                sourceLocation: sourceLocation
            )
        }
        #expect(try await importer.finish().isEmpty, sourceLocation: sourceLocation)
        #expect(importer.counts == expected, sourceLocation: sourceLocation)
        #expect(try await export(store) == lines, "the same sessions and items", sourceLocation: sourceLocation)
    }

    @Test func parentsComeBeforeTheirChildren() async throws {
        let source = try await makeSource()
        #expect(try await source.listAll(SessionQuery()).map(\.id) == ["kid", "done", "root"], "the child is newest")
        #expect(try sessionIDs(await export(source)) == ["done", "root", "kid"])
    }

    @Test func filtersSelectSessions() async throws {
        let source = try await makeSource()
        let root = try #require(try await source.session(SessionKey("root")))
        #expect(try sessionIDs(await export(source, .init(userID: "ana"))) == ["root", "kid"])
        #expect(try sessionIDs(await export(source, .init(agentName: "coder"))) == ["done"])
        #expect(try sessionIDs(await export(source, .init(phase: .planning))) == ["root"])
        #expect(
            try sessionIDs(await export(source, .init(updatedSince: root.updatedAt.advanced(by: .seconds(1))))) == [
                "done", "kid",
            ]
        )
        #expect(try sessionIDs(await export(source, .init(app: "elsewhere"))) == [])
    }

    @Test func importingTwiceStoresNothingTwice() async throws {
        let lines = try await export(try await makeSource())
        let target = InMemorySessionStore()
        _ = try await load(lines, into: target)
        let (again, problems) = try await load(lines, into: target)
        #expect(problems.isEmpty)
        #expect(again.sessions == 0 && again.items == 0)
        #expect(again.skippedSessions == 3 && again.skippedItems == 5)
        #expect(try await export(target) == lines)
    }

    @Test func anImportCutShortContinues() async throws {
        let lines = try await export(try await makeSource())
        let target = InMemorySessionStore()
        let cut = try #require(lines.firstIndex { $0.contains(#""id":"root""#) }) + 3
        _ = try await load(Array(lines[..<cut]), into: target)
        #expect(try await target.items(of: SessionKey("root"), .all).count == 2)
        let (rest, problems) = try await load(lines, into: target)
        #expect(problems.isEmpty)
        #expect(rest.items == 3 && rest.skippedItems == 2 && rest.sessions == 1)
        #expect(try await export(target) == lines)
    }

    @Test func badLinesAreReportedWithTheirNumbers() async throws {
        let lines = try await export(try await makeSource())
        // lines: 1 format, 2 done, 3 root, 4-7 its items, 8 kid, 9 its item
        var edited = lines
        edited[4] = #"{"type":"item","seq":"two","created_at":"2026-01-01T00:00:00Z","content":{}}"#
        edited[7] = edited[7].replacingFirst(#""phase":"initializing""#, with: #""phase":"dreaming""#)
        edited.insert(#"{"type":"item","seq":1,"created_at":"2026-01-01T00:00:00Z","content":{}}"#, at: 1)
        let target = InMemorySessionStore()
        let (counts, problems) = try await load(edited, into: target)
        #expect(problems.map(\.lines.lowerBound) == [2, 6, 9])
        #expect(problems.map(\.error.code) == [.invalidArgument, .invalidArgument, .invalidArgument])
        #expect(problems[0].description.hasPrefix("line 2: an item line needs a session line"))
        #expect(problems[1].error.field == "seq")
        #expect(problems[2].error.field == "phase", "the store checks the phase: \(problems[2])")
        #expect(counts.errors == 3 && counts.rejectedItems == 1, "the refused session's item is left out")
        #expect(counts.sessions == 2 && counts.items == 3, "the item after the bad one is imported")
        #expect(try await target.session(SessionKey("kid")) == nil)
    }

    @Test func theFirstLineMustBeTheFormat() async throws {
        let lines = try await export(try await makeSource())
        let target = InMemorySessionStore()
        await #expect(throws: ImportProblem.self) { try await load(Array(lines.dropFirst()), into: target) }
        await #expect(throws: ImportProblem.self) { try await load(["", "{}"], into: target) }
        let newer =
            [#"{"name":"agent-sessions","type":"format","version":\#(ExportFormat.version + 1)}"#] + lines.dropFirst()
        do {
            _ = try await load(newer, into: target)
            Issue.record("a newer format was read")
        } catch let problem as ImportProblem {
            #expect(problem.lines == 1...1 && problem.error.message.contains("newer"))
        }
        #expect(try await target.list(SessionQuery()).sessions.isEmpty, "nothing was imported")
        let (counts, _) = try await load(["", lines[0], "  ", lines[1]], into: target)
        #expect(counts.sessions == 1, "blank lines are skipped")
    }

    @Test func anotherSessionUnderTheSameIDIsLeftOut() async throws {
        let lines = try await export(try await makeSource())
        let target = InMemorySessionStore()
        try await target.create(NewSession(id: "root"))
        let (counts, problems) = try await load(lines, into: target)
        #expect(problems.map(\.error.code) == [.alreadyExists, .notFound], "root is another session; kid's parent")
        #expect(problems.first?.lines == 3...3)
        #expect(counts.rejectedItems == 5 && counts.sessions == 1)
        #expect(try await target.items(of: SessionKey("root"), .all).isEmpty)
    }

    @Test func compactionsTravelWithTheirSession() async throws {
        let source = try await makeSource()
        let root = SessionKey("root")
        let rolling = try await source.compact(
            root,
            CompactionRequest(summary: JSONDocument(["role": "system", "content": "first two"]), through: 2)
        )
        let multiLine = try JSONDocument(validating: "{\n  \"role\": \"system\",\n  \"content\": \"all four\"\n}")
        let later = try await source.compact(
            root,
            CompactionRequest(summary: multiLine, through: 4, author: .summarizer(agent: "planner", model: "offline"))
        )
        let lines = try await export(source)
        let compactionLines = lines.filter { $0.contains(#""type":"compaction""#) }
        #expect(compactionLines.count == 2)
        #expect(compactionLines[1].contains(#""summary_text":"#), "a summary over several lines goes as text")
        let afterRoot = try #require(lines.firstIndex { $0.contains(#""id":"root""#) })
        #expect(lines[(afterRoot + 5)...(afterRoot + 6)].allSatisfy { $0.contains(#""type":"compaction""#) })

        let target = InMemorySessionStore()
        let (counts, problems) = try await load(lines, into: target)
        #expect(problems.isEmpty)
        #expect(counts.compactions == 2 && counts.skippedCompactions == 0)
        #expect(try await target.compactions(of: root) == [rolling, later], "exactly, summary bytes included")
        #expect(try await export(target) == lines)
        let (again, _) = try await load(lines, into: target)
        #expect(again.compactions == 0 && again.skippedCompactions == 2)

        let version1 = lines.filter { !$0.contains(#""type":"compaction""#) }
        var old = version1
        old[0] = ExportLine.format(version: 1).text
        let (oldCounts, oldProblems) = try await load(old, into: InMemorySessionStore())
        #expect(oldProblems.isEmpty && oldCounts.sessions == 3, "version 1 files are read as before")
    }

    @Test func aBadCompactionLineIsReported() async throws {
        let source = try await makeSource()
        try await source.compact(
            SessionKey("root"),
            CompactionRequest(summary: JSONDocument(["content": "s"]), through: 2)
        )
        var lines = try await export(source)
        let index = try #require(lines.firstIndex { $0.contains(#""type":"compaction""#) })
        let good = lines[index]
        lines[index] = good.replacingFirst(#""last_seq":2"#, with: #""last_seq":99"#)
        let target = InMemorySessionStore()
        let (counts, problems) = try await load(lines, into: target)
        #expect(problems.map(\.lines) == [(index + 1)...(index + 1)])
        #expect(problems.first?.error.field == "last_seq")
        #expect(counts.compactions == 0 && counts.items == 5, "the items around it are imported")
        let both = good.replacingFirst(#""summary":"#, with: #""summary_text":"{}","summary":"#)
        #expect(throws: SessionStoreError.self) { try ExportLine(parsing: both) }
    }

    @Test func aRefusedItemInABatchIsPinpointed() async throws {
        let target = InMemorySessionStore()
        let session = try #require(try await makeSource().session(SessionKey("root")))
        var header = session
        header.lastSequence = 6
        let items: [SessionItem] = (1...6).map { (sequence: Int64) -> SessionItem in
            let itemID: String? = sequence == 1 || sequence == 5 ? "same" : nil
            return SessionItem(
                sequence: sequence,
                itemID: itemID,
                createdAt: session.createdAt,
                content: JSONDocument(["n": .int(sequence)])
            )
        }
        let head: [ExportLine] = [.format(version: 1), .session(header)]
        let lines = head.map(\.text) + items.map { ExportLine.item($0).text }
        let (counts, problems) = try await load(lines, into: target, batchSize: 3)
        #expect(problems.count == 1)
        #expect(problems.first?.lines == 7...7, "the line of item 5")
        #expect(problems.first?.error.field == "item_id")
        #expect(counts.items == 5 && counts.rejectedItems == 1)
        #expect(try await target.items(of: session.key, .all).map(\.sequence) == [1, 2, 3, 4, 6])
    }
}

extension String {
    /// The text with the first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

import AgentSessions
import AgentSessionsExport

extension StoreBenchmark {
    /// I1: W3's work imported into a fresh store, two ways, each compared with W3 (issue 17).
    ///
    /// - `I1`: ``SessionImporter`` reads the export's lines from memory (as bytes, split at line
    ///   breaks as `agent-sessions import` splits a file) and restores the 100 sessions and
    ///   their items; the whole import is timed, session restores included.
    /// - `I1 restore`: the same sessions restored first (not timed), then the same items, built
    ///   beforehand, restored with `SessionStore/restore(_:to:)` in the importer's batches.
    ///
    /// The export is made once ``ImportFixture/make(itemCounts:batchSize:)``. Checks that the
    /// import reports no problem and the counts of W3, and then every stored item (count,
    /// sequence numbers, text) of both stores.
    func importItems() async throws -> [Measurement] {
        let batchSize = SessionImporter.defaultBatchSize
        let fixture = try await ImportFixture.make(itemCounts: appendBatchItemCounts(), batchSize: batchSize)
        let count = fixture.itemCount
        let keys = try fixture.tags.map { SessionKey(try SessionID($0)) }
        var importRates: [Double] = []
        var restoreRates: [Double] = []
        for run in 1...workload.runs {
            let (importRate, _) = try await withFreshStore("i1") { store in
                var importer = SessionImporter(into: store, batchSize: batchSize)
                var problems: [ImportProblem] = []
                let export = fixture.export
                let start = Stopwatch.now()
                var lineStart = export.startIndex
                var number = 0
                while lineStart < export.endIndex {
                    let lineEnd = export[lineStart...].firstIndex(of: 0x0A) ?? export.endIndex
                    number += 1
                    problems += try await importer.read(utf8: export[lineStart..<lineEnd], number: number)
                    lineStart = lineEnd + 1
                }
                problems += try await importer.finish()
                let seconds = Stopwatch.seconds(since: start)

                try BenchmarkFailure.check(
                    problems.isEmpty,
                    "I1 [\(factory.name)]: the import reported \(problems.count) problems, the first: \(problems.first!)"
                )
                let counts = importer.counts
                try BenchmarkFailure.check(
                    counts.sessions == keys.count && counts.items == count && counts.skippedItems == 0,
                    "I1 [\(factory.name)]: imported \(counts.sessions) sessions and \(counts.items) items"
                        + " (\(counts.skippedItems) skipped), expected \(keys.count) and \(count)"
                )
                try await checkImported(fixture, keys, in: store)
                return Double(count) / seconds
            }
            let (restoreRate, _) = try await withFreshStore("i1-restore") { store in
                for session in fixture.sessions { try await store.restore(session) }
                var stored = 0
                let start = Stopwatch.now()
                for (key, batches) in zip(keys, fixture.batches) {
                    for batch in batches { stored += try await store.restore(batch, to: key) }
                }
                let seconds = Stopwatch.seconds(since: start)

                try BenchmarkFailure.check(
                    stored == count,
                    "I1 restore [\(factory.name)]: restore(_:to:) stored \(stored) items, expected \(count)"
                )
                try await checkImported(fixture, keys, in: store)
                return Double(count) / seconds
            }
            note(.i1, run: run, "import \(Int(importRate)) items/s, restore(_:to:) \(Int(restoreRate)) items/s")
            importRates.append(importRate)
            restoreRates.append(restoreRate)
        }
        return [
            Measurement(
                name: Step.i1.rawValue,
                store: factory.name,
                runs: importRates,
                unit: "items/s",
                direction: .higherIsBetter,
                reference: Step.w3.rawValue
            ),
            Measurement(
                name: Step.i1.rawValue + " restore",
                store: factory.name,
                runs: restoreRates,
                unit: "items/s",
                direction: .higherIsBetter,
                reference: Step.w3.rawValue
            ),
        ]
    }

    /// Checks that the store holds exactly the fixture's sessions, each with its last sequence
    /// number, and every one of their items (sequence numbers, text, times and ids).
    private func checkImported(_ fixture: ImportFixture, _ keys: [SessionKey], in store: any SessionStore) async throws
    {
        for (index, key) in keys.enumerated() {
            let session = try await store.session(key)
            try BenchmarkFailure.check(
                session?.lastSequence == fixture.sessions[index].lastSequence
                    && session?.createdAt == fixture.sessions[index].createdAt,
                "I1 [\(factory.name)]: session \(key.id) is missing or not the one exported"
            )
            let items = try await store.items(of: key, .all)
            try checkItems(items, tag: fixture.tags[index], first: 0, count: fixture.itemCounts[index], .i1)
            try BenchmarkFailure.check(
                items == fixture.batches[index].flatMap { $0 },
                "I1 [\(factory.name)]: the items of session \(key.id) differ from the exported ones (times or ids)"
            )
        }
    }
}

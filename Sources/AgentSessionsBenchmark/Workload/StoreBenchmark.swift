import AgentSessions
import Foundation

/// Runs the workload's steps against one kind of store and returns its figures.
///
/// Each step builds its inputs (ids, sessions, item bodies) before the clock starts, times only
/// the store calls the workload names, and then checks what the store returned and holds
/// (counts, order, content). A wrong result throws ``BenchmarkFailure``.
///
/// ```swift
/// let benchmark = StoreBenchmark(factory: InMemoryStoreFactory(), workload: Workload(), scratchRoot: "/tmp")
/// let figures = try await benchmark.run()
/// ```
struct StoreBenchmark {
    /// Opens the store under test.
    let factory: any StoreFactory
    /// The sizes of the run.
    let workload: Workload
    /// Where each run's fresh directory is made.
    let scratchRoot: String
    /// The clock every store of this benchmark is given; steps move it to write the past.
    let clock = AdjustableWallClock()

    /// Runs the selected steps in order.
    /// - Returns: The figures of every step that ran.
    /// - Throws: ``BenchmarkFailure`` for a wrong result; ``SessionStoreError`` if a call fails.
    func run() async throws -> [Measurement] {
        var measurements: [Measurement] = []
        for step in Step.allCases where workload.steps.contains(step) {
            switch step {
            case .w1: measurements += try await createSessions()
            case .w2: measurements += try await appendOneByOne()
            case .w3: measurements += try await appendInBatches()
            case .i1: measurements += try await importItems()
            case .w4, .w5:
                // One fixture serves both steps; run it once.
                guard step == .w4 || !workload.steps.contains(.w4) else { continue }
                measurements += try await readRecentAndAll().filter {
                    Step(rawValue: $0.name).map(workload.steps.contains) ?? true
                }
            case .w6: measurements += try await subSessionCycles()
            case .w7: measurements += try await cleanUp()
            case .w8: measurements += try await listByUser()
            case .w9: measurements += try await decideResumes()
            case .w10: measurements += try await scale()
            }
        }
        return measurements
    }

    /// Opens a fresh store in a fresh directory, runs `body` with it, closes the store and
    /// removes the directory.
    /// - Parameters:
    ///   - label: The step, in the directory's name.
    ///   - indexedMetadataKeys: The metadata keys the store indexes, where it can. Defaults to none.
    ///   - body: The work.
    /// - Returns: What `body` returns, and the size in bytes of each of the store's files after
    ///   it was closed, by file name.
    func withFreshStore<Result>(
        _ label: String,
        indexedMetadataKeys: [String] = [],
        _ body: (any SessionStore) async throws -> Result
    ) async throws -> (result: Result, filesAfterClose: [String: Int]) {
        clock.offset = .zero
        let factory =
            indexedMetadataKeys.isEmpty ? self.factory : self.factory.indexing(metadataKeys: indexedMetadataKeys)
        return try await ScratchDirectory.with(in: scratchRoot, prefix: "\(factory.name)-\(label)") { directory in
            let result = try await factory.withStore(in: directory, clock: clock, body)
            return (result, ScratchDirectory.sizes(of: factory.databaseFiles(in: directory)))
        }
    }

    /// A rate figure of `step` over the runs.
    func rate(_ step: Step, _ runs: [Double], unit: String) -> Measurement {
        Measurement(
            name: step.rawValue,
            store: factory.name,
            runs: runs,
            unit: unit,
            direction: .higherIsBetter,
            limitKey: step.rawValue
        )
    }

    /// Reports progress on standard error, so that standard output stays the report.
    func note(_ step: Step, run: Int, _ text: String) {
        let line = "[\(factory.name)] \(step.rawValue) \(step.title) run \(run)/\(workload.runs): \(text)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Checks that `items` are exactly items `first..<first + count` (0-based) of the session
    /// tagged `tag`: sequence numbers `first + 1…`, in order, with the workload's text.
    /// - Throws: ``BenchmarkFailure`` on the first difference.
    func checkItems(
        _ items: [SessionItem],
        tag: String,
        first: Int,
        count: Int,
        _ step: Step,
        expected: [String]? = nil
    ) throws(BenchmarkFailure) {
        let context = "\(step.rawValue) [\(factory.name)] session \(tag)"
        try BenchmarkFailure.check(items.count == count, "\(context): expected \(count) items, got \(items.count)")
        for (offset, item) in items.enumerated() {
            let index = first + offset
            try BenchmarkFailure.check(
                item.sequence == Int64(index + 1),
                "\(context): item \(offset) has sequence \(item.sequence), expected \(index + 1)"
            )
            let text = expected?[index] ?? ItemBody.text(tag: tag, sequence: index)
            try BenchmarkFailure.check(
                item.content.text == text,
                "\(context): item \(item.sequence) does not hold the text that was appended"
            )
        }
    }
}

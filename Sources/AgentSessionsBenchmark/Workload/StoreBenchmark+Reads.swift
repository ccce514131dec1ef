import AgentSessions

extension StoreBenchmark {
    /// W4 and W5 on one session holding 10,000 items (appended untimed, 500 per call):
    /// W4 makes 2,000 calls for the last 20 items, W5 20 calls for all of them. Then (issue 19)
    /// one compaction stands for items 1…9,980, and `W4 context` makes W4's number of calls for
    /// the model's view (the summary and the last 20 items), compared with W4 run by run.
    ///
    /// Every call's result is kept and checked afterwards: the right items, oldest first, with
    /// the appended text.
    func readRecentAndAll() async throws -> [Measurement] {
        let itemCount = 10_000
        let recentCalls = workload.scaled(2_000)
        let allCalls = workload.scaled(20)
        let tag = "big"
        let key = SessionKey(try SessionID(tag))
        let texts = ItemBody.texts(tag: tag, 0..<itemCount)
        let fixture = try stride(from: 0, to: itemCount, by: 500).map { try ItemBody.items(tag: tag, $0..<$0 + 500) }
        var recentRates: [Double] = []
        var allRates: [Double] = []
        var contextRates: [Double] = []
        for run in 1...workload.runs {
            let ((recentRate, allRate, contextRate), _) = try await withFreshStore("w45") { store in
                try await store.create(NewSession(id: key.id))
                for batch in fixture { try await store.append(batch, to: key) }

                var recent: [[SessionItem]] = []
                recent.reserveCapacity(recentCalls)
                var start = Stopwatch.now()
                for _ in 0..<recentCalls { recent.append(try await store.items(of: key, .last(20))) }
                let recentSeconds = Stopwatch.seconds(since: start)
                for items in recent {
                    try checkItems(items, tag: tag, first: itemCount - 20, count: 20, .w4, expected: texts)
                }
                recent = []

                var all: [[SessionItem]] = []
                all.reserveCapacity(allCalls)
                start = Stopwatch.now()
                for _ in 0..<allCalls { all.append(try await store.items(of: key, .all)) }
                let allSeconds = Stopwatch.seconds(since: start)
                for items in all {
                    try checkItems(items, tag: tag, first: 0, count: itemCount, .w5, expected: texts)
                }
                all = []

                let covered = Int64(itemCount - 20)
                let summary = JSONDocument([
                    "role": "system", "content": .string("Summary of the first \(covered) items"),
                ])
                try await store.addCompaction(
                    NewCompaction(
                        firstSequence: 1,
                        lastSequence: covered,
                        summary: summary,
                        tokensBefore: covered * 20,
                        tokensAfter: 10
                    ),
                    to: key
                )
                var views: [ModelContext] = []
                views.reserveCapacity(recentCalls)
                start = Stopwatch.now()
                for _ in 0..<recentCalls { views.append(try await store.context(of: key)) }
                let contextSeconds = Stopwatch.seconds(since: start)
                for view in views {
                    try BenchmarkFailure.check(
                        view.entries.count == 21 && view.entries[0].content == summary,
                        "W4 context [\(factory.name)]: the view holds \(view.entries.count) entries, expected the summary "
                            + "and 20 items"
                    )
                    try checkItems(
                        view.entries.dropFirst().map {
                            SessionItem(
                                sequence: $0.sequence ?? 0,
                                createdAt: Timestamp(microsecondsSinceEpoch: 0),
                                content: $0.content
                            )
                        },
                        tag: tag,
                        first: itemCount - 20,
                        count: 20,
                        .w4,
                        expected: texts
                    )
                }
                return (
                    Double(recentCalls) / recentSeconds, Double(allCalls * itemCount) / allSeconds,
                    Double(recentCalls) / contextSeconds
                )
            }
            note(
                .w4,
                run: run,
                "\(Int(recentRate)) calls/s; W5 \(Int(allRate)) items/s; context \(Int(contextRate)) calls/s"
            )
            recentRates.append(recentRate)
            allRates.append(allRate)
            contextRates.append(contextRate)
        }
        return [
            rate(.w4, recentRates, unit: "calls/s"), rate(.w5, allRates, unit: "items/s"),
            Measurement(
                name: Step.w4.rawValue + " context",
                store: factory.name,
                runs: contextRates,
                unit: "calls/s",
                direction: .higherIsBetter,
                reference: Step.w4.rawValue
            ),
        ]
    }

    /// W6: 1,000 times create a child session, append 2 items (one call each), read them back
    /// and delete the child.
    ///
    /// Checks each cycle's items and deletion count, and that only the parent and none of the
    /// children's items are left.
    func subSessionCycles() async throws -> [Measurement] {
        let count = workload.scaled(1_000)
        let parent: SessionID = "parent"
        let tags = (0..<count).map { Workload.tag("child-", $0, width: 5) }
        let children = try tags.map { NewSession(id: try SessionID($0), parentID: parent) }
        let bodies = try tags.map { tag in try ItemBody.items(tag: tag, 0..<2).map { [$0] } }
        var rates: [Double] = []
        for run in 1...workload.runs {
            let (rate, _) = try await withFreshStore("w6") { store in
                try await store.create(NewSession(id: parent))
                var readBack: [[SessionItem]] = []
                readBack.reserveCapacity(count)
                var deleted: [Int] = []
                deleted.reserveCapacity(count)
                let start = Stopwatch.now()
                for index in 0..<count {
                    let child = try await store.create(children[index]).key
                    try await store.append(bodies[index][0], to: child)
                    try await store.append(bodies[index][1], to: child)
                    readBack.append(try await store.items(of: child, .all))
                    deleted.append(try await store.delete(child))
                }
                let seconds = Stopwatch.seconds(since: start)

                for index in 0..<count {
                    try checkItems(readBack[index], tag: tags[index], first: 0, count: 2, .w6)
                    try BenchmarkFailure.check(
                        deleted[index] == 1,
                        "W6 [\(factory.name)]: deleting \(tags[index]) deleted \(deleted[index]) sessions, expected 1"
                    )
                }
                let left = try await store.listAll(SessionQuery())
                try BenchmarkFailure.check(
                    left.map(\.id) == [parent],
                    "W6 [\(factory.name)]: \(left.count) sessions left, expected only the parent"
                )
                let itemsLeft = try await store.statistics(app: nil).itemCount
                try BenchmarkFailure.check(itemsLeft == 0, "W6 [\(factory.name)]: \(itemsLeft) items left, expected 0")
                return Double(count) / seconds
            }
            note(.w6, run: run, "\(Int(rate)) cycles/s")
            rates.append(rate)
        }
        return [rate(.w6, rates, unit: "cycles/s")]
    }
}

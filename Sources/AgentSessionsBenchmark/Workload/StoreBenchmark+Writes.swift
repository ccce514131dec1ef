import AgentSessions

extension StoreBenchmark {
    /// W1: create 2,000 new sessions with distinct ids, one call each.
    ///
    /// Checks that each returned session has its id at version 1, and that listing the store
    /// gives exactly those ids.
    func createSessions() async throws -> [Measurement] {
        let count = workload.scaled(2_000)
        let news = try (0..<count).map { NewSession(id: try SessionID(Workload.tag("w1-", $0, width: 5))) }
        var rates: [Double] = []
        for run in 1...workload.runs {
            let (rate, _) = try await withFreshStore("w1") { store in
                var created: [Session] = []
                created.reserveCapacity(count)
                let start = Stopwatch.now()
                for new in news { created.append(try await store.create(new)) }
                let seconds = Stopwatch.seconds(since: start)

                for (new, session) in zip(news, created) {
                    try BenchmarkFailure.check(
                        session.id == new.id && session.version == 1,
                        "W1 [\(factory.name)]: create returned \(session.id) v\(session.version) for \(new.id!)"
                    )
                }
                let listed = try await store.listAll(SessionQuery())
                try BenchmarkFailure.check(
                    listed.count == count && Set(listed.map(\.id)) == Set(news.compactMap(\.id)),
                    "W1 [\(factory.name)]: the store lists \(listed.count) sessions, expected the \(count) created"
                )
                return Double(count) / seconds
            }
            note(.w1, run: run, "\(Int(rate)) sessions/s")
            rates.append(rate)
        }
        return [rate(.w1, rates, unit: "sessions/s")]
    }

    /// W2: 100 sessions; append 10,000 items one item per call, round-robin over the sessions.
    ///
    /// Also times each call for the single-append latency (p50, p99), and after the last run
    /// measures the store's files once it is closed. Checks every returned sequence number and
    /// then every stored item.
    func appendOneByOne() async throws -> [Measurement] {
        let sessionCount = 100
        let count = workload.scaled(10_000)
        let tags = (0..<sessionCount).map { Workload.tag("w2-", $0, width: 3) }
        let keys = try tags.map { SessionKey(try SessionID($0)) }
        let calls = try (0..<count).map {
            [try ItemBody.item(tag: tags[$0 % sessionCount], sequence: $0 / sessionCount)]
        }
        var rates: [Double] = []
        var medians: [Double] = []
        var tails: [Double] = []
        var bytesPerItem: Double?
        for run in 1...workload.runs {
            let ((rate, latencies), files) = try await withFreshStore("w2") { store in
                for key in keys { try await store.create(NewSession(id: key.id)) }
                var sequences = [Int64](repeating: 0, count: count)
                var latencies = [Double](repeating: 0, count: count)
                let start = Stopwatch.now()
                for index in 0..<count {
                    let callStart = Stopwatch.now()
                    let assigned = try await store.append(calls[index], to: keys[index % sessionCount])
                    latencies[index] = Double(Stopwatch.now() - callStart) / 1e6
                    sequences[index] = assigned.count == 1 ? assigned[0] : -1
                }
                let seconds = Stopwatch.seconds(since: start)

                for (index, sequence) in sequences.enumerated() {
                    try BenchmarkFailure.check(
                        sequence == Int64(index / sessionCount + 1),
                        "W2 [\(factory.name)]: call \(index) got sequence \(sequence), expected \(index / sessionCount + 1)"
                    )
                }
                for (index, key) in keys.enumerated() {
                    let expected = count / sessionCount + (index < count % sessionCount ? 1 : 0)
                    let items = try await store.items(of: key, .all)
                    try checkItems(items, tag: tags[index], first: 0, count: expected, .w2)
                }
                return (Double(count) / seconds, latencies.sorted())
            }
            medians.append(Statistics.percentile(sorted: latencies, 0.50))
            tails.append(Statistics.percentile(sorted: latencies, 0.99))
            if run == workload.runs && factory.isFileBacked {
                bytesPerItem = Double(files.values.reduce(0, +)) / Double(count)
                let listing = files.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) B" }
                note(.w2, run: run, "files after close: " + listing.joined(separator: ", "))
            }
            note(.w2, run: run, "\(Int(rate)) items/s, p50 \(medians.last!) ms, p99 \(tails.last!) ms")
            rates.append(rate)
        }
        var figures = [
            rate(.w2, rates, unit: "items/s"),
            Measurement(name: "W2 p50", store: factory.name, runs: medians, unit: "ms/call", direction: .lowerIsBetter),
            Measurement(name: "W2 p99", store: factory.name, runs: tails, unit: "ms/call", direction: .lowerIsBetter),
        ]
        if let bytesPerItem {
            figures.append(
                Measurement(
                    name: "W2 disk",
                    store: factory.name,
                    runs: [bytesPerItem],
                    unit: "bytes/item",
                    direction: .lowerIsBetter,
                    limitKey: LimitResult.bytesPerItemKey
                )
            )
        }
        return figures
    }

    /// W3: 100 sessions; append 100,000 items in calls of 100 items, round-robin.
    ///
    /// Checks every returned sequence number and then every stored item.
    func appendInBatches() async throws -> [Measurement] {
        let sessionCount = Self.appendBatchSessions
        let batch = Self.appendBatchSize
        let itemCounts = appendBatchItemCounts()
        let callCount = itemCounts.reduce(0, +) / batch
        let count = callCount * batch
        let tags = (0..<sessionCount).map { Workload.tag("w3-", $0, width: 3) }
        let keys = try tags.map { SessionKey(try SessionID($0)) }
        let calls = try (0..<callCount).map { call in
            let first = call / sessionCount * batch
            return try ItemBody.items(tag: tags[call % sessionCount], first..<first + batch)
        }
        var rates: [Double] = []
        for run in 1...workload.runs {
            let (rate, _) = try await withFreshStore("w3") { store in
                for key in keys { try await store.create(NewSession(id: key.id)) }
                var assigned: [[Int64]] = []
                assigned.reserveCapacity(callCount)
                let start = Stopwatch.now()
                for call in 0..<callCount {
                    assigned.append(try await store.append(calls[call], to: keys[call % sessionCount]))
                }
                let seconds = Stopwatch.seconds(since: start)

                for (call, sequences) in assigned.enumerated() {
                    let first = Int64(call / sessionCount * batch + 1)
                    try BenchmarkFailure.check(
                        sequences == Array(first..<first + Int64(batch)),
                        "W3 [\(factory.name)]: call \(call) got sequences \(sequences.first ?? -1)…, expected \(first)…"
                    )
                }
                for (index, key) in keys.enumerated() {
                    let items = try await store.items(of: key, .all)
                    try checkItems(items, tag: tags[index], first: 0, count: itemCounts[index], .w3)
                }
                return Double(count) / seconds
            }
            note(.w3, run: run, "\(Int(rate)) items/s")
            rates.append(rate)
        }
        return [rate(.w3, rates, unit: "items/s")]
    }

    /// W3's sessions.
    static let appendBatchSessions = 100
    /// W3's items per call.
    static let appendBatchSize = 100

    /// How many items W3 appends to each of its sessions: 100,000 items (scaled) in calls of
    /// 100, round-robin over 100 sessions. I1 imports the same.
    func appendBatchItemCounts() -> [Int] {
        let callCount = max(1, workload.scaled(100_000) / Self.appendBatchSize)
        return (0..<Self.appendBatchSessions).map { index in
            let calls = callCount / Self.appendBatchSessions + (index < callCount % Self.appendBatchSessions ? 1 : 0)
            return calls * Self.appendBatchSize
        }
    }
}

import AgentSessions

extension StoreBenchmark {
    /// The calls W10 times at each size, in order.
    enum ScaleCall: String, CaseIterable {
        case get, readRecent = "read-last-20", append = "append-one", create, resume = "resume-check"
        case listUser = "list-user", listPhase = "list-rare-phase", listAgent = "list-rare-agent"
        case listActive = "list-active", listMetadata = "list-rare-metadata", listTag = "list-rare-tag"
        case countUser = "count-user", smallStats = "stats-small-app", bigStats = "stats-big-app"
        case cleanup = "cleanup-none-stale"
    }

    /// How many blocks W10 splits each call's timings into, alternating the sizes.
    private static let scaleRounds = 5

    /// W10: the same calls on a store holding 10,000 sessions and on one holding 1,000,000
    /// (both scaled), each timed call by call; reported as p50 and p99 per size.
    ///
    /// The sessions (app `big`: 100 sessions per user, 10 agents, 90% finalized, metadata
    /// `customer` one of 1,000 values and a tag of 10; at every size 20 in the rare phase
    /// `validating`, 20 of the rare agent `rare`, 20 of the rare customer `rare` and 20 with
    /// the rare tag `rare`; app `small`: 100 sessions) are written through `restore` from 16
    /// tasks at once, untimed; how long that took is noted. Both stores stay open, and are then
    /// settled (``StoreFactory/settle(_:)``: SQLite's checkpoint, PostgreSQL's
    /// `VACUUM (ANALYZE)`; also noted). Each call's timings are taken in ``scaleRounds`` blocks
    /// that alternate the sizes (small, large, large, small, …), so that the machine's speed,
    /// which drifts over minutes on a shared virtual machine, weighs on both sizes alike. The
    /// store indexes the metadata key `customer` where it can (SQLite: `indexedMetadataKeys`),
    /// as an app filtering on it would. Every listing's answer is checked (its filter, at most
    /// a page); `count-user` counts one user's 100 sessions.
    func scale() async throws -> [Measurement] {
        let sizes = [workload.scaled(10_000), workload.scaled(1_000_000)]
        let calls = max(20, workload.scaled(2_000))
        let rounds = Self.scaleRounds
        let latencies = try await withScaleStores(sizes[...]) { stores in
            for (size, store) in zip(sizes, stores) {
                let settling = Stopwatch.now()
                try await factory.settle(store)
                note(.w10, run: 1, "\(size) sessions settled in \(Stopwatch.seconds(since: settling)) s")
            }
            var latencies = Array(repeating: [ScaleCall: [Double]](), count: sizes.count)
            for call in ScaleCall.allCases {
                for round in 0..<rounds {
                    let block = (round * calls / rounds)..<((round + 1) * calls / rounds)
                    let order = round.isMultiple(of: 2) ? Array(sizes.indices) : sizes.indices.reversed()
                    for index in order {
                        latencies[index][call, default: []] += try await time(
                            call,
                            block,
                            size: sizes[index],
                            on: stores[index]
                        )
                    }
                }
            }
            return latencies
        }
        var figures: [Measurement] = []
        for (size, latencies) in zip(sizes, latencies) {
            for call in ScaleCall.allCases {
                let sorted = (latencies[call] ?? []).sorted()
                let p50 = Statistics.percentile(sorted: sorted, 0.50)
                let p99 = Statistics.percentile(sorted: sorted, 0.99)
                note(.w10, run: 1, "\(size) sessions: \(call.rawValue) p50 \(p50) ms, p99 \(p99) ms")
                for (label, value) in [("p50", p50), ("p99", p99)] {
                    figures.append(
                        Measurement(
                            name: "W10 \(call.rawValue) \(label) @\(size)",
                            store: factory.name,
                            runs: [value],
                            unit: "ms/call",
                            direction: .lowerIsBetter
                        )
                    )
                }
            }
        }
        return figures
    }

    /// Opens a fresh store for each of `sizes`, fills it (``buildScaleFixture(_:in:)``), and
    /// runs `body` with all of them open, in the order of `sizes`.
    private func withScaleStores<Result>(
        _ sizes: ArraySlice<Int>,
        opened: [any SessionStore] = [],
        _ body: ([any SessionStore]) async throws -> Result
    ) async throws -> Result {
        guard let size = sizes.first else { return try await body(opened) }
        return try await withFreshStore("w10-\(size)", indexedMetadataKeys: ["customer"]) { store in
            let start = Stopwatch.now()
            try await buildScaleFixture(size, in: store)
            note(.w10, run: 1, "\(size) sessions restored in \(Stopwatch.seconds(since: start)) s")
            return try await withScaleStores(sizes.dropFirst(), opened: opened + [store], body)
        }.result
    }

    /// Restores `size` sessions of app `big` and 100 of app `small`, and a session `probe` of
    /// `big` holding 100 items.
    private func buildScaleFixture(_ size: Int, in store: any SessionStore) async throws {
        let now = clock.now()
        let workers = 16
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for number in stride(from: worker, to: size, by: workers) {
                        try await store.restore(Self.scaleSession(number, of: size, app: "big", now: now))
                    }
                }
            }
            try await group.waitForAll()
        }
        for number in 0..<100 {
            try await store.restore(Self.scaleSession(number, of: 100, app: "small", now: now))
        }
        let probe = SessionKey("probe", app: "big")
        try await store.create(NewSession(id: probe.id, app: probe.app))
        try await store.append(try ItemBody.items(tag: "probe", 0..<100), to: probe)
    }

    /// Session `number` of `size`, updated `number` microseconds before `now`: of user
    /// `number` modulo `size / 100`; 20 of every size in the rare phase, 20 of the rare agent,
    /// 20 of the rare customer and 20 with the rare tag, spread evenly.
    private static func scaleSession(_ number: Int, of size: Int, app: String, now: Timestamp) throws -> Session {
        let time = Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch - Int64(number) - 1)
        let spacing = max(size / 20, 20)
        let isRarePhase = number % spacing == 7
        let isFinalized = number % 10 != 0 && !isRarePhase
        return Session(
            id: try SessionID(Workload.tag("s-", number, width: 7)),
            app: app,
            userID: "u\(number % max(1, size / 100))",
            agentName: number % spacing == 11 ? "rare" : "agent-\(number % 10)",
            phase: isRarePhase ? .validating : (isFinalized ? .completed : .executing),
            metadata: ["customer": .string(number % spacing == 13 ? "rare" : "c\(number % 1_000)")],
            tags: [number % spacing == 17 ? "rare" : "t\(number % 10)"],
            createdAt: time,
            updatedAt: time,
            finalizedAt: isFinalized ? time : nil,
            outcome: isFinalized ? .completed : nil
        )
    }

    /// Times the calls numbered `calls` of one kind, in milliseconds each, checking each answer.
    private func time(_ call: ScaleCall, _ calls: Range<Int>, size: Int, on store: any SessionStore) async throws
        -> [Double]
    {
        let probe = SessionKey("probe", app: "big")
        let keys = try calls.map { index in
            SessionKey(try SessionID(Workload.tag("s-", (index * 7_919) % size, width: 7)), app: "big")
        }
        let created = try calls.map { NewSession(id: try SessionID("new-\(size)-\($0)"), app: "big") }
        let appended = try ItemBody.items(tag: "probe", 100 + calls.lowerBound..<100 + calls.upperBound).map { [$0] }
        let policy = ResumePolicy()
        var latencies: [Double] = []
        latencies.reserveCapacity(calls.count)
        for (position, index) in calls.enumerated() {
            let start = Stopwatch.now()
            switch call {
            case .get:
                _ = try await store.session(keys[position])
            case .readRecent:
                _ = try await store.items(of: probe, .last(20))
            case .append:
                _ = try await store.append(appended[position], to: probe)
            case .create:
                _ = try await store.create(created[position])
            case .resume:
                _ = try await store.resumeDecision(for: keys[position], policy: policy)
            case .listUser:
                let user = "u\(index % max(1, size / 100))"
                try check(try await store.list(SessionQuery(app: "big", userID: user, limit: 20))) { $0.userID == user }
            case .listPhase:
                try check(try await store.list(SessionQuery(app: "big", phase: .validating, limit: 20))) {
                    $0.phase == .validating
                }
            case .listAgent:
                try check(try await store.list(SessionQuery(app: "big", agentName: "rare", limit: 20))) {
                    $0.agentName == "rare"
                }
            case .listActive:
                try check(try await store.list(SessionQuery(app: "big", isFinalized: false, limit: 20))) {
                    !$0.isFinalized
                }
            case .listMetadata:
                try check(try await store.list(SessionQuery(app: "big", metadata: ["customer": "rare"], limit: 20))) {
                    $0.metadata["customer"] == "rare"
                }
            case .listTag:
                try check(try await store.list(SessionQuery(app: "big", tags: ["rare"], limit: 20))) {
                    $0.tags == ["rare"]
                }
            case .countUser:
                let user = "u\(index % max(1, size / 100))"
                let count = try await store.count(SessionQuery(app: "big", userID: user))
                try BenchmarkFailure.check(count == min(100, size), "W10: user \(user) has 100 sessions, not \(count)")
            case .smallStats:
                let statistics = try await store.statistics(app: "small")
                try BenchmarkFailure.check(statistics.sessionCount == 100, "W10: the small app has 100 sessions")
            case .bigStats:
                let statistics = try await store.statistics(app: "big")
                try BenchmarkFailure.check(
                    statistics.sessionCount >= size,
                    "W10: the big app has \(size) sessions or more, not \(statistics.sessionCount)"
                )
            case .cleanup:
                let deleted = try await store.deleteSessions(idleLongerThan: .seconds(86_400 * 365), app: "big")
                try BenchmarkFailure.check(deleted == 0, "W10: nothing is stale, yet \(deleted) sessions were deleted")
            }
            latencies.append(Double(Stopwatch.now() - start) / 1e6)
        }
        return latencies
    }

    /// Checks a listing's page: at most 20 sessions, each matching the filter, and at least one.
    private func check(_ page: SessionPage, _ matches: (Session) -> Bool) throws {
        try BenchmarkFailure.check(
            !page.sessions.isEmpty && page.sessions.count <= 20 && page.sessions.allSatisfy(matches),
            "W10 [\(factory.name)]: a listing answered \(page.sessions.count) sessions, not all matching its filter"
        )
    }
}

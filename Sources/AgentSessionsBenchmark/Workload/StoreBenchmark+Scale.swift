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

    /// W10: the same calls on a store holding 10,000 sessions and on one holding 1,000,000
    /// (both scaled), each timed call by call; reported as p50 and p99 per size.
    ///
    /// The sessions (app `big`: 100 sessions per user, 10 agents, 90% finalized, metadata
    /// `customer` one of 1,000 values and a tag of 10; at every size 20 in the rare phase
    /// `validating`, 20 of the rare agent `rare`, 20 of the rare customer `rare` and 20 with
    /// the rare tag `rare`; app `small`: 100 sessions) are written through `restore` from 16
    /// tasks at once, untimed; how long that took is noted, and the store is then settled
    /// (``StoreFactory/settle(_:)``: PostgreSQL's `VACUUM (ANALYZE)`, also noted). The store indexes the metadata key
    /// `customer` where it can (SQLite: `indexedMetadataKeys`), as an app filtering on it would. Every listing's answer is checked
    /// (its filter, at most a page); `count-user` counts one user's 100 sessions.
    func scale() async throws -> [Measurement] {
        let sizes = [workload.scaled(10_000), workload.scaled(1_000_000)]
        let calls = max(20, workload.scaled(500))
        var figures: [Measurement] = []
        for size in sizes {
            let (latencies, _) = try await withFreshStore("w10-\(size)", indexedMetadataKeys: ["customer"]) { store in
                let start = Stopwatch.now()
                try await buildScaleFixture(size, in: store)
                note(.w10, run: 1, "\(size) sessions restored in \(Stopwatch.seconds(since: start)) s")
                let settling = Stopwatch.now()
                try await factory.settle(store)
                note(.w10, run: 1, "settled in \(Stopwatch.seconds(since: settling)) s")
                var latencies: [ScaleCall: [Double]] = [:]
                for call in ScaleCall.allCases {
                    latencies[call] = try await time(call, calls: calls, size: size, on: store)
                }
                return latencies
            }
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

    /// Times `calls` calls of one kind, in milliseconds each, checking each answer.
    private func time(_ call: ScaleCall, calls: Int, size: Int, on store: any SessionStore) async throws -> [Double] {
        let probe = SessionKey("probe", app: "big")
        let keys = try (0..<calls).map { index in
            SessionKey(try SessionID(Workload.tag("s-", (index * 7_919) % size, width: 7)), app: "big")
        }
        let created = try (0..<calls).map { NewSession(id: try SessionID("new-\(size)-\($0)"), app: "big") }
        let appended = try ItemBody.items(tag: "probe", 100..<100 + calls).map { [$0] }
        let policy = ResumePolicy()
        var latencies: [Double] = []
        latencies.reserveCapacity(calls)
        for index in 0..<calls {
            let start = Stopwatch.now()
            switch call {
            case .get:
                _ = try await store.session(keys[index])
            case .readRecent:
                _ = try await store.items(of: probe, .last(20))
            case .append:
                _ = try await store.append(appended[index], to: probe)
            case .create:
                _ = try await store.create(created[index])
            case .resume:
                _ = try await store.resumeDecision(for: keys[index], policy: policy)
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

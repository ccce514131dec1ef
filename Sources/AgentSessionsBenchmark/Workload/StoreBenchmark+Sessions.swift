import AgentSessions

extension StoreBenchmark {
    /// W7: 10,000 sessions of 5 items each, the even half last active 48 hours ago; one
    /// `deleteSessions(idleLongerThan: 24 h)` call deletes the stale half.
    ///
    /// The stale half is written with the clock set 48 hours back (untimed). Checks the
    /// returned count, that exactly the fresh half is left, and that exactly its items are.
    func cleanUp() async throws -> [Measurement] {
        let sessionCount = 10_000
        let itemsEach = 5
        let tags = (0..<sessionCount).map { Workload.tag("w7-", $0, width: 5) }
        let ids = try tags.map { try SessionID($0) }
        let bodies = try tags.map { try ItemBody.items(tag: $0, 0..<itemsEach) }
        let fresh = Set(ids.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
        var times: [Double] = []
        for run in 1...workload.runs {
            let (seconds, _) = try await withFreshStore("w7") { store in
                for stale in [true, false] {
                    clock.offset = stale ? .seconds(-48 * 3600) : .zero
                    for index in stride(from: stale ? 0 : 1, to: sessionCount, by: 2) {
                        let key = try await store.create(NewSession(id: ids[index], phase: .executing)).key
                        try await store.append(bodies[index], to: key)
                    }
                }

                let start = Stopwatch.now()
                let deleted = try await store.deleteSessions(idleLongerThan: .seconds(24 * 3600))
                let seconds = Stopwatch.seconds(since: start)

                try BenchmarkFailure.check(
                    deleted == sessionCount / 2,
                    "W7 [\(factory.name)]: clean-up deleted \(deleted) sessions, expected \(sessionCount / 2)"
                )
                let left = try await store.listAll(SessionQuery())
                try BenchmarkFailure.check(
                    left.count == fresh.count && Set(left.map(\.id)) == fresh,
                    "W7 [\(factory.name)]: \(left.count) sessions left, expected exactly the \(fresh.count) fresh ones"
                )
                let itemsLeft = try await store.statistics(app: nil).itemCount
                try BenchmarkFailure.check(
                    itemsLeft == fresh.count * itemsEach,
                    "W7 [\(factory.name)]: \(itemsLeft) items left, expected \(fresh.count * itemsEach)"
                )
                return seconds
            }
            note(.w7, run: run, "\(seconds) s")
            times.append(seconds)
        }
        return [
            Measurement(
                name: Step.w7.rawValue,
                store: factory.name,
                runs: times,
                unit: "s (one call)",
                direction: .lowerIsBetter,
                limitKey: Step.w7.rawValue
            )
        ]
    }

    /// W8: 10,000 sessions over 100 users (written once, untimed, each a second more recent
    /// than the previous); 1,000 calls each listing one user's 100 sessions, as summaries (what
    /// a sidebar shows, and what the limit reads: id, last activity, phase).
    ///
    /// Checks that every call returned the user's 100 sessions, most recently active first,
    /// on one page.
    func listByUser() async throws -> [Measurement] {
        let sessionCount = 10_000
        let userCount = 100
        let calls = workload.scaled(1_000)
        let users = (0..<userCount).map { Workload.tag("user", $0, width: 3) }
        let phases = Lifecycle.standard.phases.filter { !Lifecycle.standard.isFinal($0) }
        let news = try (0..<sessionCount).map { index in
            let user = index % userCount
            return NewSession(
                id: try SessionID(Workload.tag("w8-u\(Workload.tag("", user, width: 3))-", index, width: 5)),
                userID: users[user],
                phase: phases[index % phases.count]
            )
        }
        let queries = (0..<calls).map { SessionQuery(userID: users[($0 * 37) % userCount]) }
        let (rates, _) = try await withFreshStore("w8") { store in
            for (index, new) in news.enumerated() {
                clock.offset = .seconds(index - sessionCount)
                try await store.create(new)
            }
            clock.offset = .zero
            var rates: [Double] = []
            for run in 1...workload.runs {
                // Like the limit, keep only each call's ids (and cursor), and time only the calls.
                var listed: [(ids: [SessionID], hasNextPage: Bool)] = []
                listed.reserveCapacity(calls)
                var nanoseconds: UInt64 = 0
                for query in queries {
                    let start = Stopwatch.now()
                    let page = try await store.listSummaries(query)
                    nanoseconds += Stopwatch.now() - start
                    listed.append((page.summaries.map(\.id), page.nextCursor != nil))
                }
                let seconds = Double(nanoseconds) / 1e9

                for (call, page) in listed.enumerated() {
                    let user = (call * 37) % userCount
                    // The user's sessions are user, user + 100, …: newest (highest index) first.
                    let expected = stride(from: sessionCount - userCount + user, through: user, by: -userCount)
                        .map { news[$0].id! }
                    try BenchmarkFailure.check(
                        page.ids == expected && !page.hasNextPage,
                        "W8 [\(factory.name)]: call \(call) listed \(page.ids.count) sessions of \(users[user]);"
                            + " expected its \(expected.count) sessions, newest first, on one page"
                    )
                }
                rates.append(Double(calls) / seconds)
                note(.w8, run: run, "\(Int(rates.last!)) calls/s")
            }
            return rates
        }
        return [rate(.w8, rates, unit: "calls/s")]
    }
}

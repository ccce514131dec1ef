import AgentSessions

extension HTTPStep {
    /// Creates the step's sessions, `bench-0` …, and their items.
    /// - Throws: ``SessionStoreError`` if a call fails.
    func seed(_ store: any SessionStore) async throws {
        for number in 0..<sessionCount {
            let session = try await store.create(NewSession(id: try SessionID("bench-\(number)")))
            if itemsPerSession > 0 {
                try await store.append(try ItemBody.items(tag: "bench-\(number)", 0..<itemsPerSession), to: session.key)
            }
        }
    }

    /// Checks that every answer succeeded and that the store holds exactly what was
    /// acknowledged: for appends, each acknowledged item, plus at most one per connection (a
    /// request in flight when `wrk` stopped may be stored without being counted); for reads,
    /// the seeded items alone.
    /// - Parameters:
    ///   - result: What `wrk` reported (all its processes together).
    ///   - store: The store the servers wrote to.
    ///   - connections: The connections of all `wrk` processes together.
    ///   - context: The step and store, for the message.
    /// - Throws: ``BenchmarkFailure`` on a failed answer or a count that does not match.
    func check(_ result: WrkResult, in store: any SessionStore, connections: Int, context: String) async throws {
        try BenchmarkFailure.check(result.failedResponses == 0, "\(context): \(result.failedResponses) answers failed")
        try BenchmarkFailure.check(result.requests > 0, "\(context): no request was answered")
        let stored = try await store.statistics(app: nil).itemCount
        let seeded = sessionCount * itemsPerSession
        switch self {
        case .h1:
            try BenchmarkFailure.check(
                stored >= seeded + result.requests && stored <= seeded + result.requests + connections,
                "\(context): \(result.requests) appends were acknowledged but the store holds \(stored - seeded)"
            )
        case .h2:
            try BenchmarkFailure.check(stored == seeded, "\(context): reads changed the item count to \(stored)")
        }
    }
}

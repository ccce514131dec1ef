/// Lets at most a few bodies run at once; the others wait their turn, first come first served.
///
/// The CLI tests run in parallel, and each short-lived `agent-sessions` process of a debug build
/// spends about a second of CPU parsing its command line: thirty at once on two cores (load
/// average 31, 2026-12-07) starved every other test of the process, so that PostgreSQL clients
/// found no connection within 10 s and one-minute process tests ran out of time.
actor ProcessGate {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Creates a gate.
    /// - Parameter limit: How many bodies may run at once.
    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` once fewer than `limit` others run.
    func withTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if running < limit {
            running += 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { passTurn() }
        return try await body()
    }

    /// Hands the finished body's turn to the longest waiting one, if any.
    private func passTurn() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

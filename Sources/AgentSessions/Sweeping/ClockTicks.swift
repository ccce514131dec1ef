/// An endless sequence that waits one interval on a clock before each element: the timer of
/// background services.
struct ClockTicks: AsyncSequence, Sendable {
    typealias Element = Void

    let interval: Duration
    let clock: any Clock<Duration>

    struct AsyncIterator: AsyncIteratorProtocol {
        let interval: Duration
        let clock: any Clock<Duration>

        /// Waits one interval.
        /// - Throws: `CancellationError` when the task is cancelled while waiting.
        mutating func next() async throws -> Void? {
            try await clock.sleep(for: interval)
            return ()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(interval: interval, clock: clock)
    }
}

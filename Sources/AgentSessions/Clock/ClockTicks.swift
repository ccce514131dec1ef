import ServiceLifecycle

/// An endless sequence that waits one interval on a clock before each element: the timer of
/// background services.
package struct ClockTicks: AsyncSequence, Sendable {
    package typealias Element = Void

    let interval: Duration
    let clock: any Clock<Duration>

    /// A timer of `interval` on `clock`.
    package init(interval: Duration, clock: any Clock<Duration>) {
        self.interval = interval
        self.clock = clock
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        let interval: Duration
        let clock: any Clock<Duration>

        /// Waits one interval.
        /// - Throws: `CancellationError` when the task is cancelled while waiting.
        package mutating func next() async throws -> Void? {
            try await clock.sleep(for: interval)
            return ()
        }
    }

    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(interval: interval, clock: clock)
    }
}

extension ClockTicks {
    /// Runs `body` after each interval until graceful shutdown or cancellation, which end the
    /// loop without an error: the timer loop of background services.
    /// - Throws: Only what the clock throws other than `CancellationError`.
    package func run(_ body: @Sendable () async -> Void) async throws {
        do {
            for try await _ in cancelOnGracefulShutdown() {
                await body()
            }
        } catch is CancellationError {
            // Cancelled while waiting: the group is shutting down.
        }
    }
}

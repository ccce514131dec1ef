import Synchronization

/// When an ``IdempotencyStore`` removes records past their time next: at the first claim, then
/// at the first claim at least ``IdempotencyPolicy/cleanupInterval`` after the last removal.
package final class IdempotencyCleanup: Sendable {
    private let interval: Duration
    private let last = Mutex<Timestamp?>(nil)

    package init(interval: Duration) {
        self.interval = interval
    }

    /// Whether a removal is due at `now`; if it is, the next one is due an interval later.
    package func isDue(at now: Timestamp) -> Bool {
        last.withLock { last in
            if let previous = last, previous.duration(to: now) < interval, previous <= now { return false }
            last = now
            return true
        }
    }
}

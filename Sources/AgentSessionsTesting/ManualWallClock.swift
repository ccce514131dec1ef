public import AgentSessions
import Synchronization

/// A clock that only moves when a test moves it.
///
/// ```swift
/// let clock = ManualWallClock()
/// let store = InMemorySessionStore(configuration: .init(clock: clock))
/// clock.advance(by: .seconds(31 * 60))
/// ```
public final class ManualWallClock: WallClock {
    private let current: Mutex<Timestamp>

    /// Creates a clock at a fixed, arbitrary time (2026-01-08T18:05:30Z) unless told otherwise.
    public init(now: Timestamp = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)) {
        self.current = Mutex(now)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative duration).
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }

    /// Sets the clock.
    public func set(_ timestamp: Timestamp) {
        current.withLock { $0 = timestamp }
    }
}

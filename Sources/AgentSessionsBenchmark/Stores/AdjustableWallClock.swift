import AgentSessions
import Synchronization

/// The system clock moved by a settable offset: lets the workload stamp sessions in the past.
///
/// W7 creates its stale half 48 hours back, W8 spreads last activity over seconds and W9
/// makes some sessions idle for an hour. Everything else runs at offset zero, which is the
/// system clock.
///
/// ```swift
/// let clock = AdjustableWallClock()
/// clock.offset = .seconds(-48 * 3600)   // what is written now is two days old
/// ```
final class AdjustableWallClock: WallClock {
    private let storedOffset = Mutex(Duration.zero)
    private let system = SystemWallClock()

    /// How far the clock is from the system clock. Defaults to zero.
    var offset: Duration {
        get { storedOffset.withLock { $0 } }
        set { storedOffset.withLock { $0 = newValue } }
    }

    func now() -> Timestamp { system.now().advanced(by: offset) }
}

import AgentSessions

/// How long ago a time was, as tables show it: `45s`, `5m`, `3h`, `2d` (whole units, rounded
/// down; a time in the future, from another clock, is `0s`).
enum Age {
    /// The age of `time` at `now`.
    static func text(of time: Timestamp, now: Timestamp) -> String {
        let seconds = max(0, (now.microsecondsSinceEpoch - time.microsecondsSinceEpoch) / 1_000_000)
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3_600: return "\(seconds / 60)m"
        case ..<172_800: return "\(seconds / 3_600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}

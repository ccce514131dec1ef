/// The sizes of one benchmark run: how many runs per step, how far counts are scaled down,
/// and which steps run.
///
/// Scaling follows the limit program exactly (`scaled(n) = max(1, round(n × scale))`) on the
/// same counts, so that a scaled run is still comparable with a limit run at the same scale:
/// W1, W2, W3 and W6 scale their operations, W4, W5, W8 and W9 their calls, and the
/// fixtures (W4/W5's 10,000 items, W7's 10,000 sessions, W8's 10,000 sessions, W9's 1,000)
/// keep their size.
///
/// ```swift
/// let workload = Workload(runs: 1, scale: 0.1, steps: Set(Step.allCases))
/// workload.scaled(2_000)   // 200
/// ```
struct Workload: Sendable {
    /// Runs per step; each figure is the median over them. Defaults to 3.
    var runs: Int = 3
    /// The factor applied to the scaled counts. Defaults to 1.
    var scale: Double = 1
    /// The steps to run. Defaults to every step.
    var steps: Set<Step> = Set(Step.defaults)

    /// A count of the workload scaled by ``scale``, at least 1.
    func scaled(_ count: Int) -> Int {
        max(1, Int((Double(count) * scale).rounded(.toNearestOrAwayFromZero)))
    }

    /// `prefix` followed by `number` zero-padded to `width` digits: `w1-00042`.
    static func tag(_ prefix: String, _ number: Int, width: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

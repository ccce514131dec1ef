/// Order statistics over the runs of a step and the latencies of its calls.
enum Statistics {
    /// The median: the middle value, or the mean of the two middle values. `nan` for none.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The nearest-rank percentile of sorted values: the smallest value with at least
    /// `fraction` of the values at or below it. `nan` for none.
    static func percentile(sorted values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let rank = Int((fraction * Double(values.count)).rounded(.up))
        return values[min(values.count, max(1, rank)) - 1]
    }
}

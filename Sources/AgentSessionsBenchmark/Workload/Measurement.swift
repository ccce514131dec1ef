/// One figure of one store: a step's median over the runs, or a figure derived from a step.
struct Measurement: Sendable {
    /// Whether a bigger figure is better (a rate) or a smaller one (a time, a size).
    enum Direction: Sendable {
        case higherIsBetter
        case lowerIsBetter
    }

    /// The row's name: a step (`W2`) or a step's extra figure (`W2 p99`, `W2 bytes/item`).
    var name: String
    /// The store measured.
    var store: String
    /// The figure of each run, in run order.
    var runs: [Double]
    /// The unit of ``value``, as the limit program spells it for steps.
    var unit: String
    /// Which way is better.
    var direction: Direction
    /// The key of the limit's comparable figure (`W1`…`W9`, `bytes_per_item`), or `nil` when
    /// the limit has none.
    var limitKey: String?
    /// The name of another figure of the same store that this one is compared with instead
    /// of the limit, run by run (`W3` for I1's figures), or `nil`.
    var reference: String?

    /// The median over the runs.
    var value: Double { Statistics.median(runs) }

    /// The fraction of the limit reached: ours / limit for rates, limit / ours for times and
    /// sizes, so that 1 means "as good as the limit" either way.
    func fraction(ofLimit limit: Double) -> Double {
        fraction(of: value, ofLimit: limit)
    }

    /// The fraction of the limit one figure reaches, as ``fraction(ofLimit:)`` reckons it.
    func fraction(of figure: Double, ofLimit limit: Double) -> Double {
        switch direction {
        case .higherIsBetter: figure / limit
        case .lowerIsBetter: limit / figure
        }
    }

    /// The figure named by ``reference`` among `measurements`, of the same store.
    func referenceMeasurement(in measurements: [Measurement]) -> Measurement? {
        reference.flatMap { name in measurements.first { $0.name == name && $0.store == store } }
    }

    /// The measurements with their runs gathered by name and store, in the order each first
    /// appears: the rounds of a paired run, each one run, become one measurement of all.
    static func gathered(_ measurements: [Measurement]) -> [Measurement] {
        var gathered: [Measurement] = []
        for measurement in measurements {
            if let index = gathered.firstIndex(where: { $0.name == measurement.name && $0.store == measurement.store })
            {
                gathered[index].runs += measurement.runs
            } else {
                gathered.append(measurement)
            }
        }
        return gathered
    }
}

/// One line of the report: a figure of one store beside the limit's figure for the same step.
struct ReportRow: Sendable {
    /// `W1`…`W9`, or a step's extra figure (`W2 p99`, `W2 disk`).
    var step: String
    /// `sqlite`, `memory`.
    var store: String
    /// The median over the runs.
    var value: Double
    /// The unit of ``value`` and ``limit``.
    var unit: String
    /// The limit's figure, or `nil` if it has none or did not run.
    var limit: Double?
    /// How close to the limit: 1 means as good; below 0.5 misses the target. `nil` without a limit.
    /// In a paired run, the median of the rounds' fractions.
    var fraction: Double?
    /// In a paired run, the lowest and highest of the rounds' fractions.
    var fractionRange: ClosedRange<Double>?

    /// The row of a measurement, compared with the limit's figures when there are any.
    /// - Parameters:
    ///   - limit: The limit's figures (medians).
    ///   - rounds: In a paired run, the limit of each round, in the order of the
    ///     measurement's runs: each run is compared with its own round's limit.
    init(_ measurement: Measurement, limit: LimitResult?, rounds: [LimitResult] = []) {
        step = measurement.name
        store = measurement.store
        value = measurement.value
        unit = measurement.unit
        self.limit = measurement.limitKey.flatMap { limit?.figures[$0] }
        fraction = self.limit.map(measurement.fraction(ofLimit:))
        if let key = measurement.limitKey, !rounds.isEmpty, rounds.count == measurement.runs.count {
            let fractions = zip(measurement.runs, rounds).compactMap { run, round in
                round.figures[key].map { measurement.fraction(of: run, ofLimit: $0) }
            }
            if fractions.count == rounds.count, let lowest = fractions.min(), let highest = fractions.max() {
                fraction = Statistics.median(fractions)
                fractionRange = lowest...highest
            }
        }
    }
}

extension ReportRow {
    /// The row as one JSON object with its keys in a fixed order:
    /// `{"step","store","value","unit","limit","fraction","fraction_low","fraction_high"}`,
    /// `null` for a missing limit or fraction (the last two are a paired run's range).
    var jsonObject: String {
        func string(_ text: String) -> String {
            var escaped = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case _ where scalar.value < 0x20:
                    escaped +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return escaped + "\""
        }
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "null" }
            return "\(value)"
        }
        let fields = [
            ("step", string(step)), ("store", string(store)), ("value", number(value)), ("unit", string(unit)),
            ("limit", number(limit)), ("fraction", number(fraction)),
            ("fraction_low", number(fractionRange?.lowerBound)), ("fraction_high", number(fractionRange?.upperBound)),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// One line of the report: a figure of one store beside the limit's figure for the same step,
/// or beside the store's own figure it is compared with (I1 beside W3).
struct ReportRow: Sendable {
    /// `W1`…`W9`, or a step's extra figure (`W2 p99`, `W2 disk`).
    var step: String
    /// `sqlite`, `memory`.
    var store: String
    /// The median over the runs.
    var value: Double
    /// The unit of ``value`` and ``limit``.
    var unit: String
    /// The limit's figure, or the reference's (see ``reference``); `nil` if there is none or
    /// it did not run.
    var limit: Double?
    /// The name of the store's own figure that ``limit`` holds instead of the limit's (`W3`),
    /// or `nil` for the limit.
    var reference: String?
    /// How close to the limit (or the reference): 1 means as good; below ``target`` misses
    /// the target. `nil` without a limit. In a paired run, the median of the rounds' fractions.
    var fraction: Double?
    /// In a paired run, the lowest and highest of the rounds' fractions.
    var fractionRange: ClosedRange<Double>?

    /// The row of a measurement, compared with the limit's figures when there are any.
    /// - Parameters:
    ///   - limit: The limit's figures (medians).
    ///   - rounds: In a paired run, the limit of each round, in the order of the
    ///     measurement's runs: each run is compared with its own round's limit.
    ///   - figure: The figure the measurement names as its ``Measurement/reference``, if it
    ///     ran: compared run by run (the same round's runs) instead of the limit.
    init(
        _ measurement: Measurement,
        limit: LimitResult?,
        rounds: [LimitResult] = [],
        reference figure: Measurement? = nil
    ) {
        step = measurement.name
        store = measurement.store
        value = measurement.value
        unit = measurement.unit
        if measurement.reference != nil {
            reference = measurement.reference
            self.limit = figure?.value
            fraction = figure.map { measurement.fraction(ofLimit: $0.value) }
            if let figure, figure.runs.count == measurement.runs.count {
                let fractions = zip(measurement.runs, figure.runs).map { measurement.fraction(of: $0, ofLimit: $1) }
                if let lowest = fractions.min(), let highest = fractions.max() {
                    fraction = Statistics.median(fractions)
                    fractionRange = lowest...highest
                }
            }
            return
        }
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

    /// The fraction this row should reach: its reference's ``Report/referenceTargets`` for a
    /// figure compared with the store's own, ``Report/target`` of the limit otherwise.
    var target: Double { reference.map { Report.referenceTargets[$0] ?? 0.8 } ?? Report.target }
}

extension ReportRow {
    /// The row as one JSON object with its keys in a fixed order:
    /// `{"step","store","value","unit","limit","fraction","fraction_low","fraction_high","reference"}`,
    /// `null` for a missing limit or fraction (`fraction_low` and `fraction_high` are a paired
    /// run's range); `reference` names the store's own figure `limit` holds, `null` for the limit.
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
            ("reference", reference.map(string) ?? "null"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

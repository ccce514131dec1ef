import Foundation

/// The figures of the limit program (`session_limit`), parsed from the JSON it prints.
///
/// ```swift
/// let limit = try LimitResult(json: output)
/// limit.figures["W1"]   // sessions/s
/// ```
struct LimitResult: Sendable {
    /// The key of the bytes-per-item figure in ``figures``.
    static let bytesPerItemKey = "bytes_per_item"

    /// Each step's median (`W1`…`W9`), and ``bytesPerItemKey``: the database file's size after
    /// the last connection closed (SQLite checkpoints and removes the WAL), per W2 item.
    var figures: [String: Double]
    /// What the program says it is, such as `raw SQLite C API, WAL, synchronous=NORMAL`.
    var label: String
    /// The SQLite library version it ran with.
    var sqliteVersion: String
    /// Its durability settings, such as `WAL, synchronous=NORMAL`.
    var durability: String

    /// The limit of rounds that each ran once: each figure the median of the rounds', the rest
    /// as the first round says; `nil` without rounds.
    static func medians(of rounds: [LimitResult]) -> LimitResult? {
        guard var result = rounds.first else { return nil }
        for key in result.figures.keys {
            result.figures[key] = Statistics.median(rounds.compactMap { $0.figures[key] })
        }
        return result
    }

    /// Parses the program's standard output.
    /// - Throws: ``BenchmarkFailure`` if the output is not the JSON object the program prints.
    init(json: Data) throws {
        guard let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
            let meta = root["meta"] as? [String: Any],
            let steps = root["steps"] as? [String: Any]
        else {
            throw BenchmarkFailure(message: "the limit program's output is not the JSON object it should print")
        }
        var figures: [String: Double] = [:]
        for (name, step) in steps {
            if let step = step as? [String: Any], let value = (step["value"] as? NSNumber)?.doubleValue {
                figures[name] = value
            }
        }
        if let bytes = meta["bytes_per_item_w2"] as? [String: Any],
            let apparent = (bytes["apparent"] as? NSNumber)?.doubleValue
        {
            figures[Self.bytesPerItemKey] = apparent
        }
        self.figures = figures
        self.label = meta["label"] as? String ?? "raw SQLite C API"
        self.sqliteVersion = (meta["versions"] as? [String: Any])?["sqlite"] as? String ?? "unknown"
        let durability = meta["durability"] as? [String: Any]
        self.durability =
            "\(durability?["journal_mode"] as? String ?? "?"), synchronous=\(durability?["synchronous"] as? String ?? "?")"
    }
}

import Synchronization

/// The `# HELP` texts of the metrics `/metrics` shows, by metric name: the server's own, those
/// its route collections add (``APIRoutes/metricDescriptions``), and a general one for a
/// metric another library records through the process's `MetricsSystem`.
///
/// swift-prometheus writes a metric's help only when the metric is made through its registry
/// with one, and metrics made through swift-metrics' factory have none; so the help lines are
/// added to the registry's text as it is rendered.
package final class MetricDescriptions: Sendable {
    private let texts: Mutex<[String: String]>

    /// The help of a metric no description names.
    package static let fallback = "Recorded through swift-metrics by a library of the server."

    package init(_ texts: [String: String] = MetricNames.descriptions) {
        self.texts = Mutex(texts)
    }

    /// Describes more metrics; a name described before keeps its first text.
    func add(_ descriptions: [String: String]) {
        texts.withLock { $0.merge(descriptions) { first, _ in first } }
    }

    /// The exposition `text` with a `# HELP` line before each `# TYPE` line that has none.
    package func addingHelp(to text: String) -> String {
        let texts = texts.withLock { $0 }
        var result = ""
        result.reserveCapacity(text.utf8.count + 64 * texts.count)
        var previous: Substring = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), !previous.hasPrefix("# HELP ") {
                let name = line.dropFirst("# TYPE ".count).prefix { $0 != " " }
                result += "# HELP \(name) \(Self.escaped(texts[String(name)] ?? Self.fallback))\n"
            }
            result += line
            result += "\n"
            previous = line
        }
        if result.hasSuffix("\n\n") { result.removeLast() }
        return result
    }

    /// Help text as the format needs it: backslashes and line breaks escaped.
    private static func escaped(_ help: String) -> String {
        help.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }
}

public import AgentSessions

/// Why lines of an import were not imported: their line numbers and the reason.
///
/// ```swift
/// for problem in try await importer.read(line, number: number) {
///     print(problem)   // "line 7: 'seq' must be an integer"
/// }
/// ```
public struct ImportProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The lines concerned (numbered from 1): one line, or a batch of items.
    public var lines: ClosedRange<Int>
    /// The reason, with its code: invalid argument for a malformed line, already exists for a
    /// different session under the same id, not found for a missing parent.
    public var error: SessionStoreError

    /// Describes a problem.
    public init(lines: ClosedRange<Int>, error: SessionStoreError) {
        self.lines = lines
        self.error = error
    }

    /// Describes a problem with one line.
    public init(line: Int, error: SessionStoreError) {
        self.init(lines: line...line, error: error)
    }

    /// `line N: reason`, or `lines N-M: reason`.
    public var description: String {
        let place = lines.count == 1 ? "line \(lines.lowerBound)" : "lines \(lines.lowerBound)-\(lines.upperBound)"
        return "\(place): \(error.message)"
    }
}

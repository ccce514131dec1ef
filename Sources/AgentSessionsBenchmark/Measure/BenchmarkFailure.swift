/// A step produced a wrong result: the run stops and the benchmark exits non-zero.
///
/// A fast wrong answer must never be reported as a figure, so every step checks counts, order
/// and content after timing and throws this on the first mismatch.
struct BenchmarkFailure: Error, CustomStringConvertible {
    /// What was wrong, naming the step and the store.
    var message: String

    var description: String { message }

    /// Throws a failure with `message` unless `condition` holds.
    /// - Throws: ``BenchmarkFailure``.
    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(BenchmarkFailure) {
        if !condition { throw BenchmarkFailure(message: message()) }
    }
}

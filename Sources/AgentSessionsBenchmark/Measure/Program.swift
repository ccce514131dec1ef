import Foundation

/// Finds the other programs the benchmark runs: the limit program's `make` and `gcc`, `wrk`.
enum Program {
    /// The path of an executable found on `PATH`.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}

import Foundation

/// A fresh temporary directory, removed when the work in it is done.
///
/// ```swift
/// try ScratchDirectory.with(in: "/tmp", prefix: "sqlite-w1") { path in … }
/// ```
enum ScratchDirectory {
    /// Runs `body` with the path of a new, empty directory under `root`, then removes it,
    /// whether `body` returns or throws.
    /// - Throws: ``BenchmarkFailure`` if the directory cannot be created; what `body` throws.
    static func with<Result>(
        in root: String,
        prefix: String,
        _ body: (String) async throws -> Result
    ) async throws -> Result {
        let path = try make(in: root, prefix: prefix)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    /// Creates a new, empty directory under `root` and returns its path; the caller removes it.
    /// - Throws: ``BenchmarkFailure`` if it cannot be created.
    static func make(in root: String, prefix: String) throws -> String {
        var template = Array((root + "/agent-sessions-bench-\(prefix)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BenchmarkFailure(message: "cannot create a temporary directory in \(root): errno \(errno)")
        }
        return String(cString: made)
    }

    /// The apparent size in bytes of the files that exist among `paths`, summed by file name.
    static func sizes(of paths: [String]) -> [String: Int] {
        var sizes: [String: Int] = [:]
        for path in paths {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
                sizes[(path as NSString).lastPathComponent, default: 0] += size.intValue
            }
        }
        return sizes
    }
}

import Foundation

/// A fresh folder under the system's temporary directory, removed afterwards, for tests of
/// file-backed stores.
///
/// ```swift
/// try await TemporaryDirectory.with { path in
///     let store = try SQLiteSessionStore(configuration: .init(location: .file(path + "/s.sqlite")))
/// }
/// ```
public enum TemporaryDirectory {
    /// Runs `body` with the path of a new, empty folder, and removes the folder afterwards,
    /// whether `body` returns or throws.
    /// - Parameters:
    ///   - prefix: The start of the folder's name, to tell test runs apart. Defaults to
    ///     `agent-sessions-tests`.
    ///   - body: The work, given the folder's path.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or the error of creating the folder.
    public static func with<T>(
        prefix: String = "agent-sessions-tests",
        _ body: (String) async throws -> T
    ) async throws -> T {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }
}

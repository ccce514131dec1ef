import Foundation

/// A fresh folder under the system's temporary directory, removed afterwards.
enum TemporaryDirectory {
    /// Runs `body` with the path of a new, empty folder, and removes the folder afterwards,
    /// whether `body` returns or throws.
    static func with<T>(_ body: (String) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-sessions-files-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }
}

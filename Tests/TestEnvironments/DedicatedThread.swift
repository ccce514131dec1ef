import Foundation

/// Runs blocking or long synchronous work (waiting for a process, reading a pipe to its end,
/// parsing a command line in a debug build) on a thread of its own, so that it never holds one
/// of the few threads of Swift's cooperative pool, which every other test running at the same
/// time needs. The result is handed over (`sending`), so it need not be `Sendable`.
public func onDedicatedThread<Result>(
    _ work: @escaping @Sendable () throws -> sending Result
) async throws -> sending Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do {
                continuation.resume(returning: try work())
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

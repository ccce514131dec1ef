import Foundation

/// Runs blocking work (waiting for a process, reading a pipe to its end) on a thread of its
/// own, so that it never holds one of the few threads of Swift's cooperative pool, which every
/// other test running at the same time needs.
public func onDedicatedThread<Result: Sendable>(
    _ work: @escaping @Sendable () throws -> Result
) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
    }
}

import Foundation
public import Testing

/// What a test does when something it needs from outside the package (a PostgreSQL server, a
/// Python package) cannot be had: skip on a developer's machine, fail under `CI=true`, where
/// CI provides it.
public enum TestPrerequisite {
    /// Skips the calling test with the reason (`Test.cancel`) on a developer's machine; under
    /// `CI=true` records an issue with the reason and throws `error`.
    /// - Parameters:
    ///   - reason: What is missing and why, shown in the test report.
    ///   - error: The failure that made it missing.
    /// - Throws: Always: the cancellation that skips the test, or `error`.
    public static func missing(
        _ reason: String,
        error: any Error,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Never {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("\(reason) (CI=true, so this fails instead of skipping)", sourceLocation: sourceLocation)
            throw error
        }
        try Test.cancel("skipped: \(reason)", sourceLocation: sourceLocation)
    }
}

import Foundation
public import Testing

extension Tag {
    /// Suites that take minutes or reach outside the package: soak and crash runs, a thousand
    /// connections, virtual environments installed from PyPI. CI runs them; a developer can
    /// leave them out (see ``Testing/Trait/runsUnlessSlowTestsAreSkipped``).
    @Tag public static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Marks a slow suite (tag ``Tag/slow``): it runs unless the environment variable
    /// `AGENT_SESSIONS_SKIP_SLOW_TESTS` is `1`, so `AGENT_SESSIONS_SKIP_SLOW_TESTS=1 swift test`
    /// runs the fast tests alone in a few minutes.
    public static var runsUnlessSlowTestsAreSkipped: Self {
        .enabled(
            if: ProcessInfo.processInfo.environment["AGENT_SESSIONS_SKIP_SLOW_TESTS"] != "1",
            "a slow suite, left out because AGENT_SESSIONS_SKIP_SLOW_TESTS=1"
        )
    }
}

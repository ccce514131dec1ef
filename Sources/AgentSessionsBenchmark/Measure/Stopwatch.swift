#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Monotonic time in nanoseconds, cheap enough to read around every single call.
///
/// ```swift
/// let start = Stopwatch.now()
/// try await work()
/// let seconds = Stopwatch.seconds(since: start)
/// ```
enum Stopwatch {
    /// Nanoseconds on the monotonic clock, from an arbitrary origin.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Seconds elapsed since `start`, a value of ``now()``.
    static func seconds(since start: UInt64) -> Double {
        Double(now() - start) / 1e9
    }

    /// Runs `body` and returns the seconds it took with its result.
    static func time<Result>(_ body: () async throws -> Result) async rethrows -> (seconds: Double, result: Result) {
        let start = now()
        let result = try await body()
        return (seconds(since: start), result)
    }
}

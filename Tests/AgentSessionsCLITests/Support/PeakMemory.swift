import Foundation

/// Runs the built `agent-sessions` and reads its own peak memory (its maximum resident set).
///
/// A process started by this test process inherits the test process's high-water mark on
/// Linux: `exec` records the resident size of the memory it replaces, which is the test
/// runner's own. So the executable is started by a small Python process instead, which reads
/// the peak of its child with `wait4` and prints it; the mark carried over is then Python's
/// few megabytes, the same for every run.
enum PeakMemory {
    /// What the run gave.
    struct Run {
        /// The exit status.
        var status: Int32
        /// The executable's peak resident memory in bytes.
        var peakBytes: Int
        /// Standard error as text.
        var stderr: String
    }

    private static let script = """
        import os, subprocess, sys
        child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        print(os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024)
        """

    /// Runs the executable with `arguments`, standard input and output discarded.
    /// - Throws: ``CLIRunnerError`` if Python is missing or prints no result.
    static func run(_ arguments: [String]) async throws -> Run {
        let result = try await CLIRunner.run(
            ["python3", "-c", script, try CLIRunner.executable.path] + arguments,
            program: URL(fileURLWithPath: "/usr/bin/env")
        )
        let fields = result.stdout.split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard result.status == 0, fields.count == 2 else {
            throw CLIRunnerError("python3 could not measure \(arguments): \(result.stdout) \(result.stderr)")
        }
        return Run(status: Int32(fields[0]), peakBytes: fields[1], stderr: result.stderr)
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the built `agent-sessions` in a child process and reads the child's own peak memory
/// (its maximum resident set size, from `wait4`), which no other test's process counts in.
enum PeakMemory {
    /// What the run gave.
    struct Run {
        /// The exit status.
        var status: Int32
        /// The child's peak resident memory in bytes.
        var peakBytes: Int
        /// Standard error as text.
        var stderr: String
    }

    /// Runs the executable with `arguments`, standard input from `/dev/null`, standard output
    /// and standard error into files of `directory`.
    static func run(_ arguments: [String], in directory: URL) async throws -> Run {
        let executable = try CLIProcess.executable.path
        let errorPath = directory.appendingPathComponent("peak-stderr-\(UUID().uuidString)").path
        let pid = try spawn(executable, arguments, stderr: errorPath)
        let (status, peak) = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: wait(for: pid)) }
        }
        let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return Run(status: status, peakBytes: peak, stderr: stderr)
    }

    private static func spawn(_ executable: String, _ arguments: [String], stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else { throw CLIProcessError("posix_spawn \(executable) failed: \(result)") }
        return pid
    }

    /// Waits for the child; returns its exit status and peak memory in bytes.
    private static func wait(for pid: pid_t) -> (Int32, Int) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, Int(usage.ru_maxrss) * 1024)
    }
}

import Foundation

/// Runs other programs: the limit program, `make`, `wrk`, `agent-sessions serve`.
enum Program {
    /// The path of an executable found on `PATH`.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs a program to its end.
    /// - Parameter passingErrors: Whether its standard error goes to ours (progress lines)
    ///   rather than being captured.
    /// - Returns: Its exit status, standard output and captured standard error.
    static func run(
        _ path: String,
        _ arguments: [String],
        passingErrors: Bool = false
    ) throws -> (status: Int32, output: Data, errorText: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        if !passingErrors { process.standardError = errors }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = passingErrors ? Data() : errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: errorData, as: UTF8.self))
    }
}

extension Program {
    /// Runs a program to its end with its standard output and standard error going to the file
    /// at `outputPath` (created or emptied), waiting for it by polling every 10 ms, so that no
    /// thread is held and no pipe read can be cut short by a signal; the program is killed if
    /// the task is cancelled.
    /// - Returns: Its exit status.
    /// - Throws: ``BenchmarkFailure`` if the file cannot be made; the error of starting it;
    ///   `CancellationError`.
    static func run(_ path: String, _ arguments: [String], outputPath: String) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = try outputFile(outputPath)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        ChildProcesses.started(process.processIdentifier)
        defer { ChildProcesses.ended(process.processIdentifier) }
        try await waitForExit(process)
        return process.terminationStatus
    }

    /// A file opened for writing, created or emptied, for a child's output.
    /// - Throws: ``BenchmarkFailure`` if it cannot be made.
    static func outputFile(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw BenchmarkFailure(message: "cannot create \(path) for a child's output")
        }
        return handle
    }

    /// Waits for `process` to end, polling (Foundation's `waitUntilExit` spins a CPU on Linux).
    /// - Parameter limit: How long to wait at most; `nil` for as long as it takes.
    /// - Returns: Whether it ended within `limit`.
    /// - Throws: `CancellationError`, after killing the process (SIGKILL).
    @discardableResult
    static func waitForExit(_ process: Process, within limit: Duration? = nil) async throws -> Bool {
        let deadline = limit.map { ContinuousClock.now + $0 }
        do {
            while process.isRunning {
                if let deadline, ContinuousClock.now >= deadline { return false }
                try await Task.sleep(for: .milliseconds(10))
            }
            return true
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
    }
}

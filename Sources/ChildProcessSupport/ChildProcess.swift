import Foundation
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program started by this process in a process group of its own, which is killed (SIGKILL),
/// grandchildren and all, on every path where its owner stops caring: when the value goes
/// away, when a wait runs out of time or is cancelled, and when the program itself ends.
///
/// It is spawned by swift-subprocess, not by Foundation's `Process` (whose `run()` in Swift
/// 6.3.1 reads past a buffer and crashes now and then). The child gets the default disposition
/// of every signal (also of those this process ignores, such as SIGPIPE), and no descriptor of
/// this process other than
/// the three it is given as standard input, output and error.
///
/// ```swift
/// let child = try await ChildProcess.start("/bin/sleep", ["300"], output: .file(logPath))
/// child.signal(SIGTERM)
/// let status = try await child.waitForExit(within: .seconds(10))   // killed after 10 s
/// ```
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams comes from or goes to.
    public enum Stream: Sendable, Hashable {
        /// `/dev/null`.
        case null
        /// A file: read from as standard input; created or emptied, then appended to, as
        /// standard output or error (the two may name the same file).
        case file(String)
        /// This process's own stream with the same number.
        case inherited
    }

    /// The child's process id, which is also the id of its process group.
    public var processID: Int32 { group.id }
    /// The file its standard output goes to, if it goes to a file.
    public let outputPath: String?
    /// The program and its arguments, for messages.
    public let command: String

    private let group: ProcessGroup
    private let exit: Task<Int32, any Error>

    private init(group: ProcessGroup, exit: Task<Int32, any Error>, outputPath: String?, command: String) {
        self.group = group
        self.exit = exit
        self.outputPath = outputPath
        self.command = command
    }

    /// Starts `executable` with `arguments` in a new process group.
    /// - Parameters:
    ///   - executable: The program's path.
    ///   - arguments: Its arguments, without the program's name.
    ///   - environment: Its whole environment. Defaults to this process's.
    ///   - workingDirectory: Its working directory. Defaults to this process's.
    ///   - input: Its standard input. Defaults to `/dev/null`.
    ///   - output: Its standard output. Defaults to `/dev/null`.
    ///   - error: Its standard error. Defaults to `/dev/null`.
    /// - Returns: The running child; it is waited for (reaped) whether or not anyone asks.
    /// - Throws: ``ChildProcessError`` when a file cannot be opened or the program cannot be
    ///   started; `CancellationError` (a child already spawned is then killed with its group).
    public static func start(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        input: Stream = .null,
        output: Stream = .null,
        error: Stream = .null
    ) async throws -> ChildProcess {
        let command = ([executable] + arguments.map { $0.count > 60 ? $0.prefix(40) + "…" : $0 })
            .joined(separator: " ")
        let streams = try StandardStreams(input: input, output: output, error: error, for: command)
        let configuration = Subprocess.Configuration(
            executable: .path(FilePath(executable)),
            arguments: Arguments(arguments),
            environment: subprocessEnvironment(environment ?? ProcessInfo.processInfo.environment),
            workingDirectory: workingDirectory.map { FilePath($0) },
            platformOptions: platformOptions
        )
        let (started, announce) = AsyncStream.makeStream(of: ProcessGroup.self)
        let exit = Task {
            defer { announce.finish() }
            var spawned: ProcessGroup?
            do {
                let result = try await Subprocess.run(
                    configuration,
                    input: streams.input,
                    output: streams.output,
                    error: streams.error
                ) { execution in
                    let group = ProcessGroup(leader: execution.processIdentifier.value)
                    spawned = group
                    announce.yield(group)
                }
                spawned?.close()
                return exitStatus(result.terminationStatus)
            } catch {
                spawned?.close()
                throw ChildProcessError(
                    spawned == nil ? "cannot start `\(command)`: \(error)" : "`\(command)`: \(error)"
                )
            }
        }
        // Cancelled while starting: cancelling the run tears the child down with its group.
        let spawned = await withTaskCancellationHandler {
            await started.first { _ in true }
        } onCancel: {
            exit.cancel()
        }
        if let spawned {
            let child = ChildProcess(group: spawned, exit: exit, outputPath: output.path, command: command)
            try Task.checkCancellation()
            return child
        }
        _ = try await exit.value
        try Task.checkCancellation()
        throw ChildProcessError("`\(command)` ended before it was started")
    }

    /// How every child is spawned: in a new process group whose id is its process id, torn
    /// down, if the task running it is cancelled, by SIGKILL to that whole group.
    private static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .zero)]
        return options
    }

    /// `variables` in swift-subprocess's terms.
    private static func subprocessEnvironment(_ variables: [String: String]) -> Environment {
        var keyed: [Environment.Key: String] = [:]
        for (name, value) in variables {
            if let key = Environment.Key(rawValue: name) { keyed[key] = value }
        }
        return .custom(keyed)
    }

    /// The shell's convention: the exit code, or 128 plus the number of the signal that ended it.
    private static func exitStatus(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    deinit {
        group.killAll()
    }
}

extension ChildProcess {
    /// Sends `signal` to the child alone (not its group), unless it has ended.
    public func signal(_ signal: Int32) {
        group.signalLeader(signal)
    }

    /// Kills the child and every process of its group (SIGKILL), unless it has ended; does not wait.
    public func kill() {
        group.killAll()
    }

    /// Whether the child has not ended yet (it may be ending).
    public var isRunning: Bool { group.isOpen }

    /// Kills the process group of every child this process started and that has not ended
    /// (SIGKILL), for a signal handler that ends the process right after.
    public static func killAll() {
        ProcessGroup.killAllOpen()
    }

    /// Waits for the child to end.
    ///
    /// Cancelling the waiting task kills the child with its group and then throws
    /// `CancellationError` once the child is gone.
    /// - Parameter limit: How long to wait before the child is killed with its group. Defaults to
    ///   no limit.
    /// - Returns: The exit status, or 128 plus the number of the signal that ended it.
    /// - Throws: ``ChildProcessError`` when it ran longer than `limit` (it is then gone);
    ///   `CancellationError`.
    public func waitForExit(within limit: Duration? = nil) async throws -> Int32 {
        let (status, ranOut) = try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Int32?.self) { waits in
                waits.addTask { try await self.exit.value }
                if let limit {
                    waits.addTask {
                        try? await Task.sleep(for: limit)
                        return nil
                    }
                }
                var ranOut = false
                while let status = try await waits.next() {
                    guard let status else {
                        ranOut = true
                        kill()
                        continue
                    }
                    waits.cancelAll()
                    return (status, ranOut)
                }
                preconditionFailure("the wait for `\(command)` ended without its exit status")
            }
        } onCancel: {
            kill()
        }
        try Task.checkCancellation()
        if ranOut, let limit {
            throw ChildProcessError("`\(command)` ran longer than \(limit), so it was killed with its process group")
        }
        return status
    }
}
